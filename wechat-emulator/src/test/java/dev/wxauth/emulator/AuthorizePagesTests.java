package dev.wxauth.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.wxauth.emulator.EmulatorHttp.query;
import static dev.wxauth.emulator.EmulatorHttp.queryParameter;
import static dev.wxauth.emulator.WeChatFlows.CALLBACK;
import static dev.wxauth.emulator.WeChatFlows.OFFICIAL_ACCOUNT;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code connect/qrconnect} and {@code connect/oauth2/authorize}: error pages (HTTP 200, never a redirect), the
 * {@code mock_user} / {@code mock_action} shortcuts, and the page a tester clicks through.
 */
class AuthorizePagesTests {

	private final WeChatEmulator emulator = SharedEmulator.get();

	private final EmulatorHttp http = new EmulatorHttp(this.emulator.baseUrl());

	@BeforeEach
	void reset() {
		this.emulator.reset();
	}

	@Test
	void qrconnectWhenAppidUnknownThenErrorPage10016() {
		assertErrorPage(qrconnect("wxunknown", CALLBACK, "snsapi_login", "mock_user", "alice"), "10016");
	}

	@Test
	void qrconnectWhenAppIsOfficialAccountThenErrorPage10016() {
		assertErrorPage(qrconnect(OFFICIAL_ACCOUNT, CALLBACK, "snsapi_login", "mock_user", "alice"), "10016");
	}

	@Test
	void qrconnectWhenRedirectUriHostNotCallbackDomainThenErrorPage10003() {
		assertErrorPage(qrconnect(WEBSITE, "https://evil.example/cb", "snsapi_login", "mock_user", "alice"), "10003");
	}

	@Test
	void qrconnectWhenRedirectUriIsSubdomainOfCallbackDomainThenErrorPage10003() {
		EmulatorHttp.Reply reply = qrconnect(WEBSITE, "http://www.localhost/cb", "snsapi_login", "mock_user", "alice");
		assertErrorPage(reply, "10003");
	}

	@Test
	void qrconnectWhenRedirectUriMissingThenErrorPage10003() {
		assertErrorPage(qrconnect(WEBSITE, null, "snsapi_login", "mock_user", "alice"), "10003");
	}

	@Test
	void qrconnectWhenScopeIsUserinfoThenErrorPage10005() {
		assertErrorPage(qrconnect(WEBSITE, CALLBACK, "snsapi_userinfo", "mock_user", "alice"), "10005");
	}

	@Test
	void qrconnectWhenResponseTypeMissingThenErrorPage() {
		EmulatorHttp.Reply reply = this.http.get(query("/connect/qrconnect", "appid", WEBSITE, "redirect_uri", CALLBACK,
				"scope", "snsapi_login", "state", "s", "mock_user", "alice"));
		assertErrorPage(reply, "response_type");
	}

	@Test
	void qrconnectWhenMockUserUnknownThenErrorPage() {
		assertErrorPage(qrconnect(WEBSITE, CALLBACK, "snsapi_login", "mock_user", "mallory"), "mallory");
	}

	@Test
	void oauth2AuthorizeWhenAppIsWebsiteThenErrorPage10016() {
		assertErrorPage(oauth2Authorize(WEBSITE, CALLBACK, "snsapi_base", "mock_user", "alice"), "10016");
	}

	@Test
	void oauth2AuthorizeWhenScopeIsLoginThenErrorPage10005() {
		assertErrorPage(oauth2Authorize(OFFICIAL_ACCOUNT, CALLBACK, "snsapi_login", "mock_user", "alice"), "10005");
	}

	@Test
	void qrconnectWhenMockUserThenRedirectsWithCodeAndStateKeepingQueryAndIgnoringPort() {
		String redirectUri = "http://127.0.0.1:8443/cb?tenant=a%26b&x=1";
		EmulatorHttp.Reply reply = this.http.get(query("/connect/qrconnect", "appid", WEBSITE, "redirect_uri",
				redirectUri, "response_type", "code", "scope", "snsapi_login", "state", "a+b&c=d", "mock_user",
				"alice"));
		assertThat(reply.status()).isEqualTo(302);
		assertThat(reply.location()).startsWith(redirectUri + "&code=");
		assertThat(queryParameter(reply.location(), "state")).isEqualTo("a+b&c=d");
		String code = queryParameter(reply.location(), "code");
		assertThat(code).hasSize(32);
		assertThat(new WeChatFlows(this.http).exchange(WEBSITE, WEBSITE_SECRET, code).text("openid"))
			.isEqualTo(this.emulator.openid(WEBSITE, "alice"));
	}

	@Test
	void qrconnectWhenWxLoginParametersThenAcceptedAndIgnored() {
		EmulatorHttp.Reply reply = this.http.get(query("/connect/qrconnect", "appid", WEBSITE, "redirect_uri", CALLBACK,
				"response_type", "code", "scope", "snsapi_login", "state", "s", "login_type", "jssdk", "self_redirect",
				"true", "style", "black", "href", "data:text/css;base64,Ym9keXt9", "stylelite", "1", "fast_login", "0",
				"mock_user", "bob"));
		assertThat(reply.status()).isEqualTo(302);
		assertThat(reply.location()).startsWith(CALLBACK + "?code=").endsWith("&state=s");
	}

	@Test
	void qrconnectWhenRedirectUriHasFragmentThenParametersGoBeforeIt() {
		EmulatorHttp.Reply reply = qrconnect(WEBSITE, "http://localhost:5173/#/login", "snsapi_login", "mock_user",
				"alice");
		assertThat(reply.status()).isEqualTo(302);
		assertThat(reply.location()).matches("http://localhost:5173/\\?code=[A-Za-z0-9]{32}&state=xyz#/login");
	}

	@Test
	void qrconnectWhenMockActionDenyThenRedirectsWithOnlyState() {
		EmulatorHttp.Reply reply = qrconnect(WEBSITE, CALLBACK, "snsapi_login", "mock_action", "deny");
		assertThat(reply.status()).isEqualTo(302);
		assertThat(reply.location()).isEqualTo(CALLBACK + "?state=xyz");
	}

	@Test
	void oauth2AuthorizeWhenForcePopupAndConnectRedirectThenRedirectsWithCode() {
		EmulatorHttp.Reply reply = this.http.get(query("/connect/oauth2/authorize", "appid", OFFICIAL_ACCOUNT,
				"redirect_uri", CALLBACK, "response_type", "code", "scope", "snsapi_base", "state", "s", "forcePopup",
				"true", "connect_redirect", "1", "mock_user", "alice"));
		assertThat(reply.status()).isEqualTo(302);
		assertThat(queryParameter(reply.location(), "code")).hasSize(32);
	}

	@Test
	void oauth2AuthorizeWhenNoChoiceThenPageListsUsersWhoseLinksApproveOrDeny() {
		EmulatorHttp.Reply page = oauth2Authorize(OFFICIAL_ACCOUNT, CALLBACK, "snsapi_userinfo");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).isEqualToIgnoringCase("text/html;charset=UTF-8");
		assertThat(page.body()).contains("爱丽丝 Alice 🌸", "鲍勃 Bob 🐉", "微信用户");
		List<String> links = links(page.body());
		assertThat(links).hasSize(4);
		EmulatorHttp.Reply approved = this.http.get(links.get(0));
		assertThat(approved.status()).isEqualTo(302);
		assertThat(approved.location()).matches(Pattern.quote(CALLBACK) + "\\?code=[A-Za-z0-9]{32}&state=xyz");
		EmulatorHttp.Reply denied = this.http.get(links.get(3));
		assertThat(denied.status()).isEqualTo(302);
		assertThat(denied.location()).isEqualTo(CALLBACK + "?state=xyz");
	}

	@Test
	void qrconnectWhenNoChoiceThenPageOffersScanAndConfirm() {
		EmulatorHttp.Reply page = qrconnect(WEBSITE, CALLBACK, "snsapi_login");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Scan and confirm as 爱丽丝 Alice 🌸", "Deny");
		assertThat(page.location()).isNull();
	}

	private EmulatorHttp.Reply qrconnect(String appid, String redirectUri, String scope, String... mock) {
		return authorize("/connect/qrconnect", appid, redirectUri, scope, mock);
	}

	private EmulatorHttp.Reply oauth2Authorize(String appid, String redirectUri, String scope, String... mock) {
		return authorize("/connect/oauth2/authorize", appid, redirectUri, scope, mock);
	}

	private EmulatorHttp.Reply authorize(String path, String appid, String redirectUri, String scope, String... mock) {
		List<String> parameters = new ArrayList<>(List.of("appid", appid, "response_type", "code", "scope", scope,
				"state", "xyz"));
		if (redirectUri != null) {
			parameters.addAll(List.of("redirect_uri", redirectUri));
		}
		parameters.addAll(List.of(mock));
		return this.http.get(query(path, parameters.toArray(String[]::new)));
	}

	private static void assertErrorPage(EmulatorHttp.Reply reply, String expected) {
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.location()).isNull();
		assertThat(reply.contentType()).startsWith("text/html");
		assertThat(reply.body()).contains("Oops! Something went wrong", expected);
	}

	/** The hrefs of the page, un-escaped. */
	static List<String> links(String html) {
		List<String> links = new ArrayList<>();
		Matcher matcher = Pattern.compile("href=\"([^\"]+)\"").matcher(html);
		while (matcher.find()) {
			links.add(matcher.group(1).replace("&amp;", "&"));
		}
		return links;
	}

}
