package dev.wxauth.server.web;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import dev.wxauth.server.client.ClientLogo;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.Pages;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our consent page over real HTTP, for a client that requires consent: what it shows in Chinese and in English, that
 * "allow" gets the client a code and is remembered, that "deny" gets it {@code access_denied}, that an answer
 * without the session's CSRF token is refused, and the page's headers.
 */
@AuthServerTest
class ConsentPageTests {

	static final String ALL_SCOPES = "openid profile phone wechat account api.read";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	static RegisteredClient.Builder consentingClient() {
		return TestRegisteredClients.webClient()
			.clientName("积分商城 Points")
			.scope("phone")
			.scope("account")
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(true).build());
	}

	OidcTestClient client(RegisteredClient.Builder registration) {
		return this.fixture.webClient(registration);
	}

	/** Signs in and stops at the consent page, which must be what the browser is shown. */
	static HttpResponse<String> consentPage(Browser browser, OidcTestClient client, String scope) {
		Browser.Visit visit = browser.open(client.authorizationUrl(scope), client::isRedirectUri);
		assertThat(visit.page()).as("a consent page, not a redirect: " + visit.hops()).isNotNull();
		assertThat(visit.page().statusCode()).isEqualTo(200);
		assertThat(visit.last().getPath()).isEqualTo("/oauth2/consent");
		return visit.page();
	}

	Browser.Visit answer(Browser browser, OidcTestClient client, Pages.Form form) {
		return browser.submit(this.fixture.issuer() + form.action(), form.fields(), client::isRedirectUri);
	}

	int storedConsents(OidcTestClient client) {
		return this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM oauth2_authorization_consent c JOIN oauth2_registered_client r"
					+ " ON r.id = c.registered_client_id WHERE r.client_id = ?", Integer.class, client.clientId());
	}

	static Properties messages(String file) {
		Properties messages = new Properties();
		try (Reader reader = new InputStreamReader(ConsentPageTests.class.getResourceAsStream("/" + file),
				StandardCharsets.UTF_8)) {
			messages.load(reader);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return messages;
	}

	// ---- what the page shows ----

	@Test
	void consentPageWhenChineseThenTheClientAndEveryScopeInChineseWords() {
		OidcTestClient client = client(consentingClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP).acceptLanguage("zh-CN,zh;q=0.9,en;q=0.5");

		String page = consentPage(browser, client, ALL_SCOPES).body();

		assertThat(page).contains("<html lang=\"zh\"", "积分商城 Points", "是否允许访问？", "您的 wxauth 帐号 ID",
				"您的微信昵称和头像", "您在微信验证过的手机号码", "您在本服务的微信标识", "api.read",
				"以您的身份、凭这项权限使用该应用的服务", ">允许<", ">拒绝<");
		Properties english = messages("messages.properties");
		english.stringPropertyNames()
			.stream()
			.filter((key) -> key.startsWith("consent."))
			.forEach((key) -> assertThat(page).as(key).doesNotContain(english.getProperty(key)));
	}

	@Test
	void consentPageWhenEnglishThenTheClientAndEveryScopeInEnglishWords() {
		OidcTestClient client = client(consentingClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP).acceptLanguage("en-US,en;q=0.9");

		String page = consentPage(browser, client, ALL_SCOPES).body();

		assertThat(page).contains("<html lang=\"en\"", "积分商城 Points", "Allow access?",
				"Your wxauth account ID", "Your WeChat nickname and profile picture",
				"The phone number you verified with WeChat", "Your WeChat IDs for this service",
				"Everything wxauth keeps of you, for every app", "api.read",
				"Access to services of this app on your behalf", ">Allow<", ">Deny<");
		Properties chinese = messages("messages_zh.properties");
		chinese.stringPropertyNames()
			.stream()
			.filter((key) -> key.startsWith("consent."))
			.forEach((key) -> assertThat(page).as(key).doesNotContain(chinese.getProperty(key)));
		assertThat(page.indexOf("id=\"scope-openid\"")).as("the scopes people know first, in their order")
			.isLessThan(page.indexOf("id=\"scope-profile\""));
		assertThat(page.indexOf("id=\"scope-wechat\"")).isLessThan(page.indexOf("id=\"scope-api.read\""));
	}

	@Test
	void consentPageWhenTheOtherLanguageIsChosenThenTheSamePageInIt() {
		OidcTestClient client = client(consentingClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP).acceptLanguage("zh-CN");
		String chinese = consentPage(browser, client, ALL_SCOPES).body();
		String english = Pages.matched(chinese, "<a lang=\"en\"[^>]*href=\"([^\"]+)\"");
		assertThat(Pages.matched(chinese, "<a lang=\"zh-CN\"([^>]*)>")).contains("aria-current=\"page\"");

		HttpResponse<String> switched = browser.open(this.fixture.issuer() + Pages.unescaped(english), (uri) -> false)
			.page();

		assertThat(switched.statusCode()).isEqualTo(200);
		assertThat(switched.body()).contains("<html lang=\"en\"", "Your WeChat nickname and profile picture");
		assertThat(Pages.matched(switched.body(), "<a lang=\"en\"([^>]*)>")).contains("aria-current=\"page\"");
		assertThat(Pages.form(switched.body(), "approve").value("state"))
			.isEqualTo(Pages.form(chinese, "approve").value("state"));
		Map<String, String> redirect = parameters(answer(browser, client, Pages.form(switched.body(), "approve")).last());
		assertThat(redirect).containsKey("code");
	}

	@Test
	void consentPageWhenClientNameHasHtmlThenShownAsText() {
		OidcTestClient client = client(consentingClient().clientName("<img src=x onerror=alert(1)>Shop"));
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		String page = consentPage(browser, client, "openid profile").body();

		assertThat(page).contains("&lt;img src=x onerror=alert(1)&gt;Shop").doesNotContain("<img src=x");
	}

	@Test
	void consentPageWhenClientHasALogoThenShownAndOnlyItsOriginMayServeImages() {
		RegisteredClient.Builder registration = consentingClient();
		RegisteredClient built = registration.build();
		OidcTestClient client = client(RegisteredClient.from(built)
			.clientSettings(ClientSettings.withSettings(built.getClientSettings().getSettings())
				.setting(ClientLogo.CLIENT_SETTING, "https://cdn.shop.example:8443/logo.png?v=2")
				.build()));
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		HttpResponse<String> page = consentPage(browser, client, "openid profile");

		String logo = Pages.matched(page.body(), "(<img [^>]*>)");
		assertThat(logo).contains("src=\"https://cdn.shop.example:8443/logo.png?v=2\"", "referrerpolicy=\"no-referrer\"",
				"width=\"64\"", "height=\"64\"", "alt=\"\"");
		assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
			.contains("img-src 'self' data: https://cdn.shop.example:8443;");
	}

	@Test
	void consentPageWhenServedThenNotFramedAndNothingRunsWithoutTheNonce() {
		OidcTestClient client = client(consentingClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		HttpResponse<String> page = consentPage(browser, client, ALL_SCOPES);

		String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		String nonce = Pages.matched(policy, "script-src 'nonce-([^']+)'");
		assertThat(policy).contains("default-src 'none'", "frame-ancestors 'none'", "style-src 'nonce-" + nonce + "'",
				"img-src 'self' data:;").doesNotContain("unsafe-inline");
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(page.body()).contains("<meta name=\"viewport\"", "<style nonce=\"" + nonce + "\">");
		assertThat(Pattern.compile("<script\\b([^>]*)>").matcher(page.body()).results().map((tag) -> tag.group(1)))
			.allSatisfy((attributes) -> assertThat(attributes).contains("nonce=\"" + nonce + "\""));
		assertThat(page.body()).doesNotContain(" onclick=", " onload=", "javascript:");
	}

	@Test
	void consentPageWhenNoAuthorizationOfThisPersonWaitsThenBadRequest() {
		OidcTestClient client = client(consentingClient());
		Browser alice = this.fixture.person("alice", Browser.DESKTOP);
		Browser.Visit asked = alice.open(client.authorizationUrl(ALL_SCOPES), client::isRedirectUri);
		Browser bob = this.fixture.person("bob", Browser.DESKTOP);
		this.fixture.signIn(this.fixture.webClient(TestRegisteredClients.webClient()), bob, "openid");

		HttpResponse<String> alicesPageForBob = bob.open(asked.last().toString(), (uri) -> false).page();
		HttpResponse<String> forged = alice.open(this.fixture.issuer() + "/oauth2/consent?client_id=" + client.clientId()
				+ "&scope=openid&state=forged", (uri) -> false).page();

		assertThat(alicesPageForBob.statusCode()).isEqualTo(400);
		assertThat(alicesPageForBob.body()).doesNotContain("api.read");
		assertThat(forged.statusCode()).isEqualTo(400);
		assertThat(forged.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		for (String query : new String[] { "client_id=&state=s", "client_id=" + client.clientId() + "&state=" }) {
			assertThat(alice.open(this.fixture.issuer() + "/oauth2/consent?" + query, (uri) -> false).page().statusCode())
				.as(query)
				.isEqualTo(400);
		}
	}

	// ---- the answers ----

	@Test
	void answerWhenPostedWithoutTheCsrfTokenThenRefusedAndTheRealAnswerStillCounts() {
		OidcTestClient client = client(consentingClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		Pages.Form approve = Pages.form(consentPage(browser, client, ALL_SCOPES).body(), "approve");
		assertThat(approve.values("_csrf")).hasSize(1);

		Browser.Visit withoutToken = answer(browser, client, approve.without("_csrf"));
		Browser.Visit wrongToken = answer(browser, client, approve.without("_csrf").with("_csrf", "forged"));

		assertThat(withoutToken.page()).as("refused, not sent to the client: " + withoutToken.hops()).isNotNull();
		assertThat(withoutToken.page().statusCode()).isEqualTo(403);
		assertThat(wrongToken.page().statusCode()).isEqualTo(403);
		assertThat(storedConsents(client)).isZero();
		assertThat(parameters(answer(browser, client, approve).last())).containsKey("code");
	}

	@Test
	void approveWhenPostedThenCodeForEveryScopeAndTheNextRequestSkipsThePage() {
		OidcTestClient client = client(consentingClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		Pages.Form approve = Pages.form(consentPage(browser, client, ALL_SCOPES).body(), "approve");

		Map<String, String> redirect = parameters(answer(browser, client, approve).last());

		assertThat(redirect).containsKey("code").containsEntry("state", client.state);
		assertThat(client.redeem(redirect.get("code")).json().get("scope").asString().split(" "))
			.containsExactlyInAnyOrder(ALL_SCOPES.split(" "));
		Browser.Visit again = browser.open(client.authorizationUrl(ALL_SCOPES), client::isRedirectUri);
		assertThat(again.visited((uri) -> uri.getPath().equals("/oauth2/consent"))).as(again.hops().toString())
			.isFalse();
		assertThat(parameters(again.last())).containsKey("code");
	}

	@Test
	void consentPageWhenSomeScopesAllowedBeforeThenThoseMarkedAsSuch() {
		OidcTestClient client = client(consentingClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		answer(browser, client, Pages.form(consentPage(browser, client, "openid profile").body(), "approve"));

		String page = consentPage(browser, client, "openid profile api.read").body();

		assertThat(Pages.matched(page, "(?s)(<li id=\"scope-profile\">.*?</li>)")).contains("Allowed before");
		assertThat(Pages.matched(page, "(?s)(<li id=\"scope-api.read\">.*?</li>)")).doesNotContain("Allowed before");
	}

	@Test
	void denyWhenPostedThenAccessDeniedAtTheClientAndNothingKept() {
		OidcTestClient client = client(consentingClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		Pages.Form deny = Pages.form(consentPage(browser, client, ALL_SCOPES).body(), "deny");
		assertThat(deny.values("scope")).isEmpty();

		Browser.Visit denied = answer(browser, client, deny);

		assertThat(denied.last().toString()).startsWith(client.redirectUri());
		assertThat(parameters(denied.last())).containsEntry("error", "access_denied")
			.containsEntry("state", client.state)
			.doesNotContainKey("code");
		assertThat(storedConsents(client)).isZero();
	}

	@Test
	void denyWhenSomeScopesAllowedBeforeThenStillAccessDeniedAndTheEarlierConsentForgotten() {
		OidcTestClient client = client(consentingClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		answer(browser, client, Pages.form(consentPage(browser, client, "openid profile").body(), "approve"));
		assertThat(storedConsents(client)).isOne();

		Browser.Visit denied = answer(browser, client,
				Pages.form(consentPage(browser, client, "openid profile api.read").body(), "deny"));

		assertThat(parameters(denied.last())).containsEntry("error", "access_denied").doesNotContainKey("code");
		assertThat(storedConsents(client)).isZero();
		consentPage(browser, client, "openid profile");
	}

}
