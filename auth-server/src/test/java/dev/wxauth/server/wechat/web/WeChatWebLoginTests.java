package dev.wxauth.server.wechat.web;

import java.net.URI;
import java.sql.Timestamp;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.emulator.Fault;
import dev.wxauth.emulator.WeChatEmulator;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.Jwts;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.web.util.UriComponentsBuilder;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole web login over real HTTP with cookies: a downstream client's authorization request, our login, the
 * WeChat emulator's authorize page and API, our callback, the code, the tokens, userinfo. Real PostgreSQL.
 */
@AuthServerTest
class WeChatWebLoginTests {

	static final String WEBSITE = "wxd0000000000000a1";

	static final String OFFICIAL_ACCOUNT = "wxd0000000000000a2";

	static final String SESSION_COOKIE = "WXAUTH_SESSION";

	@Value("${wxauth.issuer}")
	String issuer;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	JdbcTemplate jdbc;

	final WeChatEmulator wechat = TestWeChat.emulator();

	@AfterEach
	void clearFaults() {
		this.wechat.clearFaults();
	}

	OidcTestClient client(RegisteredClient.Builder registration) {
		RegisteredClient client = registration.build();
		this.clients.save(client);
		return new OidcTestClient(this.issuer, client,
				client.getClientSecret() != null ? TestRegisteredClients.SECRET : null);
	}

	Browser person(String user, String userAgent) {
		return TestWeChat.person(user, userAgent);
	}

	boolean isWeChatPage(URI uri) {
		return uri.toString().startsWith(this.wechat.baseUrl() + "/connect/");
	}

	/** Signs in through the browser and redeems the code: the token response. */
	JsonNode signIn(OidcTestClient client, Browser browser, String scope) {
		Browser.Visit visit = browser.open(client.authorizationUrl(scope), client::isRedirectUri);
		Map<String, String> redirect = parameters(visit.last());
		assertThat(redirect).as("redirect to the client: " + visit.hops()).containsKey("code");
		assertThat(redirect.get("state")).isEqualTo(client.state);
		Http.Response tokens = client.redeem(redirect.get("code"));
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		return tokens.json();
	}

	int users() {
		return this.jdbc.queryForObject("SELECT count(*) FROM users", Integer.class);
	}

	/** As if every profile were older than the maximum age: the next login of anyone reads theirs from WeChat. */
	void ageAllProfiles() {
		this.jdbc.update("UPDATE users SET profile_read_at = NULL");
	}

	int upstreamProfileReads() {
		return this.wechat.calls("/sns/userinfo");
	}

	int upstreamCodeExchanges() {
		return this.wechat.calls("/sns/oauth2/access_token");
	}

	@Test
	void authorizeWhenRedirectUriNotRegisteredThenErrorPageAndNoRedirect() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		String url = client.authorizationUrl("openid").replace("client.example", "evil.example");

		Browser.Visit visit = person("alice", Browser.DESKTOP).open(url, (uri) -> uri.getHost().contains("example"));

		assertThat(visit.page()).isNotNull();
		assertThat(visit.page().statusCode()).isEqualTo(400);
		assertThat(visit.page().body()).doesNotContain("Exception").contains("<html");
		assertThat(visit.visited(this::isWeChatPage)).isFalse();
	}

	@Test
	void authorizeWhenPublicClientOmitsPkceThenInvalidRequest() {
		OidcTestClient client = client(TestRegisteredClients.publicClient());

		Browser.Visit visit = person("alice", Browser.DESKTOP).open(client.authorizationUrl("openid", false),
				client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "invalid_request");
		assertThat(visit.visited(this::isWeChatPage)).isFalse();
	}

	@Test
	void loginWhenPersonDeniesThenClientGetsAccessDeniedAndNothingWritten() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		int usersBefore = users();

		Browser.Visit visit = person("deny", Browser.DESKTOP).open(client.authorizationUrl("openid"), client::isRedirectUri);

		Map<String, String> redirect = parameters(visit.last());
		assertThat(redirect).containsEntry("error", "access_denied").containsEntry("state", client.state)
			.doesNotContainKey("code");
		assertThat(users()).isEqualTo(usersBefore);
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class, names = { "BUSY", "RATE_LIMIT", "HTTP_500", "TIMEOUT", "MALFORMED_JSON" })
	void loginWhenCodeExchangeFailsUpstreamThenTemporarilyUnavailableAndNothingWritten(Fault fault) {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		this.wechat.injectFault("/sns/oauth2/access_token", fault, 2); // 2: a busy reply is retried once
		int usersBefore = users();

		Browser.Visit visit = person("alice", Browser.DESKTOP).open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "temporarily_unavailable")
			.containsEntry("state", client.state);
		assertThat(users()).isEqualTo(usersBefore);
	}

	@Test
	void loginWhenProfileReadFailsUpstreamThenTemporarilyUnavailableAndNothingWritten() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		this.wechat.injectFault("/sns/userinfo", Fault.RATE_LIMIT, 1);
		ageAllProfiles();
		int usersBefore = users();
		Timestamp lastLogin = this.jdbc.queryForObject("SELECT max(last_login_at) FROM wechat_identities",
				Timestamp.class);

		Browser.Visit visit = person("bob", Browser.DESKTOP).open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "temporarily_unavailable");
		assertThat(users()).isEqualTo(usersBefore);
		assertThat(this.jdbc.queryForObject("SELECT max(last_login_at) FROM wechat_identities", Timestamp.class))
			.isEqualTo(lastLogin);
	}

	@Test
	void loginWhenWeChatAnswersTextPlainThenStillSignsIn() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		this.wechat.injectFault("/sns/oauth2/access_token", Fault.TEXT_PLAIN, 1);
		this.wechat.injectFault("/sns/userinfo", Fault.TEXT_PLAIN, 1);
		ageAllProfiles();

		JsonNode tokens = signIn(client, person("alice", Browser.DESKTOP), "openid profile");

		JWTClaimsSet idToken = Jwts.verified(this.issuer, tokens.get("id_token").asString());
		assertThat(idToken.getClaim("name")).isEqualTo("爱丽丝 Alice 🌸");
	}

	@Test
	void loginWhenSnapshotUserThenAccessDeniedAndNothingWritten() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		int usersBefore = users();

		Browser.Visit visit = person("snapshot", Browser.WECHAT).open(client.authorizationUrl("openid"),
				client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "access_denied");
		assertThat(users()).isEqualTo(usersBefore);
	}

	@Test
	void callbackWhenStateTamperedThenNoLoginAndCodeNeverSentUpstream() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		Browser browser = person("alice", Browser.DESKTOP);
		Browser.Visit toCallback = browser.open(client.authorizationUrl("openid"), this::isOurCallback);
		int exchangesBefore = upstreamCodeExchanges();

		String tampered = UriComponentsBuilder.fromUri(toCallback.last()).replaceQueryParam("state", "forged").toUriString();
		Browser.Visit visit = browser.open(tampered, client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "access_denied").doesNotContainKey("code");
		assertThat(upstreamCodeExchanges()).isEqualTo(exchangesBefore);
	}

	@Test
	void callbackWhenReplayedThenCodeNotSentToWeChatAgain() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		Browser browser = person("alice", Browser.DESKTOP);
		Browser.Visit toCallback = browser.open(client.authorizationUrl("openid"), this::isOurCallback);
		URI callback = toCallback.last();
		assertThat(parameters(browser.open(callback.toString(), client::isRedirectUri).last())).containsKey("code");
		int exchanges = upstreamCodeExchanges();

		browser.open(callback.toString(), (uri) -> false);

		assertThat(upstreamCodeExchanges()).isEqualTo(exchanges);
	}

	@Test
	void callbackWhenOpenedInAnotherBrowserThenNoLoginAndCodeNeverSentUpstream() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		Browser attacker = person("mallory", Browser.DESKTOP);
		URI attackersCallback = attacker.open(client.authorizationUrl("openid"), this::isOurCallback).last();
		int exchangesBefore = upstreamCodeExchanges();
		Browser victim = person("alice", Browser.DESKTOP);

		Browser.Visit visit = victim.open(attackersCallback.toString(), client::isRedirectUri);

		assertThat(visit.last().getPath()).isEqualTo("/login");
		assertThat(visit.last().getQuery()).isEqualTo("error=access_denied");
		assertThat(upstreamCodeExchanges()).isEqualTo(exchangesBefore);
		assertThat(victim.cookie(SESSION_COOKIE)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "desktop, /connect/qrconnect, " + WEBSITE, "wechat, /connect/oauth2/authorize, " + OFFICIAL_ACCOUNT })
	void authorizeWhenSignedOutThenStraightToWeChatsPage(String browser, String wechatPage, String appid) {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		Browser person = person("alice", "wechat".equals(browser) ? Browser.WECHAT : Browser.DESKTOP);

		Browser.Visit visit = person.open(client.authorizationUrl("openid"), this::isWeChatPage);

		assertThat(visit.hops()).as("authorize, then WeChat: no hop through /login").hasSize(2);
		assertThat(visit.last().getPath()).isEqualTo(wechatPage);
		assertThat(visit.last().getRawQuery()).startsWith("appid=" + appid + "&");
		assertThat(parameters(person.open(visit.last().toString(), client::isRedirectUri).last())).containsKey("code");
	}

	@Test
	void loginPageWhenVisitedDirectlyThenOnToWeChatsPage() {
		Browser.Visit visit = person("alice", Browser.DESKTOP).open(this.issuer + "/login", this::isWeChatPage);

		assertThat(visit.hops()).extracting(URI::getPath)
			.containsExactly("/login", "/oauth2/authorization/website", "/connect/qrconnect");
	}

	@Test
	void protectedEndpointWhenApiClientRefusedThenNothingSavedInCookies() {
		Http.Response response = new Http(this.issuer).get("/userinfo", "Accept", "application/json");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("Set-Cookie")).isNull();
	}

	@Test
	void loginWhenOnTheWayToWeChatThenNoServerSessionUntilSignedIn() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		Browser browser = person("alice", Browser.DESKTOP);

		URI callback = browser.open(client.authorizationUrl("openid"), this::isOurCallback).last();
		assertThat(browser.cookie(SESSION_COOKIE)).as("no session before the login").isEmpty();
		assertThat(parameters(browser.open(callback.toString(), client::isRedirectUri).last())).containsKey("code");

		assertThat(browser.cookie(SESSION_COOKIE)).as("the signed-in session").isPresent();
	}

	@Test
	void authorizeWhenAlreadySignedInThenCodeWithoutGoingToWeChat() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		Browser browser = person("alice", Browser.DESKTOP);
		JsonNode first = signIn(client, browser, "openid");
		int exchangesBefore = upstreamCodeExchanges();

		Browser.Visit again = browser.open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(again.visited(this::isWeChatPage)).as(again.hops().toString()).isFalse();
		assertThat(upstreamCodeExchanges()).isEqualTo(exchangesBefore);
		Http.Response tokens = client.redeem(parameters(again.last()).get("code"));
		assertThat(tokens.status()).isEqualTo(200);
		assertThat(Jwts.verified(this.issuer, tokens.json().get("id_token").asString()).getSubject())
			.isEqualTo(Jwts.verified(this.issuer, first.get("id_token").asString()).getSubject());
	}

	boolean isOurCallback(URI uri) {
		return uri.toString().startsWith(this.issuer + "/login/oauth2/code/");
	}

	@Test
	void loginWhenDesktopBrowserThenQrLoginAndTokensCarryOurUserId() throws Exception {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		Browser browser = person("alice", Browser.DESKTOP);

		Browser.Visit visit = browser.open(client.authorizationUrl("openid profile wechat api.read"), client::isRedirectUri);

		URI qrPage = visit.hops().stream().filter(this::isWeChatPage).findFirst().orElseThrow();
		assertThat(qrPage.getPath()).isEqualTo("/connect/qrconnect");
		assertThat(qrPage.getRawQuery()).startsWith("appid=" + WEBSITE + "&redirect_uri=http%3A%2F%2F")
			.contains("response_type=code", "scope=snsapi_login")
			.doesNotContain("client_id", "code_challenge", "nonce");
		Http.Response tokenResponse = client.redeem(parameters(visit.last()).get("code"));
		assertThat(tokenResponse.status()).isEqualTo(200);
		JsonNode tokens = tokenResponse.json();

		JWTClaimsSet idToken = Jwts.verified(this.issuer, tokens.get("id_token").asString());
		String sub = idToken.getSubject();
		assertThat(UUID.fromString(sub)).as("sub is our user id, never an openid").isNotNull();
		assertThat(idToken.getAudience()).containsExactly(client.clientId());
		assertThat(idToken.getStringClaim("nonce")).isEqualTo(client.nonce);
		assertThat(idToken.getDateClaim("auth_time")).isNotNull();
		assertThat(idToken.getStringClaim("name")).isEqualTo("爱丽丝 Alice 🌸");
		assertThat(idToken.getStringClaim("picture")).isEqualTo("https://thirdwx.qlogo.cn/mmopen/vi_32/alice/132");
		assertThat(idToken.getStringClaim("wechat_openid")).isEqualTo(this.wechat.openid(WEBSITE, "alice"));
		assertThat(idToken.getStringClaim("wechat_unionid")).isEqualTo(this.wechat.unionid(WEBSITE, "alice"));

		JWTClaimsSet accessToken = Jwts.verified(this.issuer, tokens.get("access_token").asString());
		assertThat(accessToken.getSubject()).isEqualTo(sub);
		assertThat(accessToken.getStringListClaim("scope")).contains("openid", "profile", "wechat", "api.read");
		assertThat(accessToken.getClaims()).doesNotContainKeys("wechat_openid", "wechat_unionid");

		Http.Response userinfo = new Http(this.issuer).get("/userinfo",
				Http.bearer(tokens.get("access_token").asString()));
		assertThat(userinfo.status()).isEqualTo(200);
		assertThat(userinfo.json().get("sub").asString()).isEqualTo(sub);
		assertThat(userinfo.json().get("name").asString()).isEqualTo("爱丽丝 Alice 🌸");
		assertThat(userinfo.json().get("wechat_openid").asString()).isEqualTo(this.wechat.openid(WEBSITE, "alice"));
	}

	@Test
	void loginWhenScopesLackProfileAndWechatThenIdTokenHasNoPersonalClaims() throws Exception {
		OidcTestClient client = client(TestRegisteredClients.webClient());

		JsonNode tokens = signIn(client, person("alice", Browser.DESKTOP), "openid");

		JWTClaimsSet idToken = Jwts.verified(this.issuer, tokens.get("id_token").asString());
		assertThat(idToken.getClaims()).doesNotContainKeys("name", "picture", "wechat_openid", "wechat_unionid");
	}

	@Test
	void loginWhenInsideWeChatThenOfficialAccountAuthorization() throws Exception {
		OidcTestClient client = client(TestRegisteredClients.webClient());

		Browser.Visit visit = person("bob", Browser.WECHAT).open(client.authorizationUrl("openid wechat"),
				client::isRedirectUri);

		URI authorizePage = visit.hops().stream().filter(this::isWeChatPage).findFirst().orElseThrow();
		assertThat(authorizePage.getPath()).isEqualTo("/connect/oauth2/authorize");
		assertThat(authorizePage.getQuery()).startsWith("appid=" + OFFICIAL_ACCOUNT).contains("scope=snsapi_userinfo");
		JsonNode tokens = client.redeem(parameters(visit.last()).get("code")).json();
		JWTClaimsSet idToken = Jwts.verified(this.issuer, tokens.get("id_token").asString());
		assertThat(idToken.getStringClaim("wechat_openid")).isEqualTo(this.wechat.openid(OFFICIAL_ACCOUNT, "bob"));
	}

	@Test
	void loginWhenSamePersonThroughWebsiteAndOfficialAccountThenOneSub() throws Exception {
		OidcTestClient client = client(TestRegisteredClients.webClient());

		String viaWebsite = Jwts.verified(this.issuer,
				signIn(client, person("bob", Browser.DESKTOP), "openid").get("id_token").asString()).getSubject();
		String viaOfficialAccount = Jwts.verified(this.issuer,
				signIn(client, person("bob", Browser.WECHAT), "openid").get("id_token").asString()).getSubject();
		String aliceViaWebsite = Jwts.verified(this.issuer,
				signIn(client, person("alice", Browser.DESKTOP), "openid").get("id_token").asString()).getSubject();

		assertThat(viaOfficialAccount).isEqualTo(viaWebsite);
		assertThat(aliceViaWebsite).isNotEqualTo(viaWebsite);
		// other test classes of this shared database may have signed bob in through other apps
		assertThat(this.jdbc.queryForList("SELECT appid FROM wechat_identities WHERE user_id = ?::uuid", String.class,
				viaWebsite)).contains(WEBSITE, OFFICIAL_ACCOUNT);
	}

	@Test
	void loginWhenProfileRecentThenNotReadFromWeChatAgain() throws Exception {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		String first = Jwts.verified(this.issuer,
				signIn(client, person("alice", Browser.DESKTOP), "openid").get("id_token").asString()).getSubject();
		this.jdbc.update("UPDATE users SET nickname = 'ours' WHERE id = ?::uuid", first);
		int profileReads = upstreamProfileReads();
		try {
			JWTClaimsSet second = Jwts.verified(this.issuer,
					signIn(client, person("alice", Browser.DESKTOP), "openid profile").get("id_token").asString());

			assertThat(second.getSubject()).isEqualTo(first);
			assertThat(second.getStringClaim("name")).isEqualTo("ours");
			assertThat(upstreamProfileReads()).isEqualTo(profileReads);
		}
		finally {
			ageAllProfiles(); // alice's next login, in any test, reads her real nickname back
		}
	}

	@Test
	void loginWhenProfileOlderThanMaxAgeThenSameUserAndProfileReadAgain() throws Exception {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		String first = Jwts.verified(this.issuer,
				signIn(client, person("alice", Browser.DESKTOP), "openid").get("id_token").asString()).getSubject();
		this.jdbc.update("UPDATE users SET nickname = 'stale', profile_read_at = now() - interval '2 days'"
				+ " WHERE id = ?::uuid", first);
		int profileReads = upstreamProfileReads();

		JWTClaimsSet second = Jwts.verified(this.issuer,
				signIn(client, person("alice", Browser.DESKTOP), "openid profile").get("id_token").asString());

		assertThat(second.getSubject()).isEqualTo(first);
		assertThat(second.getStringClaim("name")).isEqualTo("爱丽丝 Alice 🌸");
		assertThat(upstreamProfileReads()).isEqualTo(profileReads + 1);
	}

	@Test
	void tokenWhenCodeReplayedThenInvalidGrantAndFirstTokensRevoked() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		Browser.Visit visit = person("alice", Browser.DESKTOP).open(client.authorizationUrl("openid api.read"),
				client::isRedirectUri);
		String code = parameters(visit.last()).get("code");
		JsonNode first = client.redeem(code).json();
		assertThat(client.introspect(first.get("access_token").asString()).json().get("active").asBoolean()).isTrue();

		Http.Response replay = client.redeem(code);

		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.json().get("error").asString()).isEqualTo("invalid_grant");
		assertThat(client.introspect(first.get("access_token").asString()).json().get("active").asBoolean()).isFalse();
		assertThat(client.introspect(first.get("refresh_token").asString()).json().get("active").asBoolean()).isFalse();
	}

	@Test
	void refreshWhenUsedThenRotatedAndOldRefreshTokenRejected() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		JsonNode tokens = signIn(client, person("alice", Browser.DESKTOP), "openid api.read");
		String firstRefresh = tokens.get("refresh_token").asString();

		Http.Response refreshed = client.refresh(firstRefresh);

		assertThat(refreshed.status()).isEqualTo(200);
		String secondRefresh = refreshed.json().get("refresh_token").asString();
		assertThat(secondRefresh).isNotEqualTo(firstRefresh);
		assertThat(client.refresh(firstRefresh).json().get("error").asString()).isEqualTo("invalid_grant");
		assertThat(client.refresh(secondRefresh).status()).isEqualTo(200);
	}

	@Test
	void logoutWhenIdTokenHintAndRegisteredPostLogoutUriThenRedirectsThere() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		Browser browser = person("alice", Browser.DESKTOP);
		JsonNode tokens = signIn(client, browser, "openid");
		String logout = UriComponentsBuilder.fromUriString(this.issuer + "/connect/logout")
			.queryParam("id_token_hint", tokens.get("id_token").asString())
			.queryParam("post_logout_redirect_uri", "https://client.example/signed-out")
			.queryParam("state", "bye")
			.toUriString();

		Browser.Visit visit = browser.open(logout, (uri) -> uri.getHost().equals("client.example"));

		assertThat(visit.last().toString()).startsWith("https://client.example/signed-out").contains("state=bye");
		// signed out: the next authorization goes through WeChat again
		Browser.Visit again = browser.open(client.authorizationUrl("openid"), client::isRedirectUri);
		assertThat(again.visited(this::isWeChatPage)).isTrue();
	}

	@Test
	void authorizeWhenClientRequiresConsentThenConsentPageThenCodeForApprovedScopes() {
		OidcTestClient client = client(TestRegisteredClients.webClient()
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(true).build()));
		Browser browser = person("alice", Browser.DESKTOP);

		Browser.Visit consent = browser.open(client.authorizationUrl("openid profile api.read"), client::isRedirectUri);

		assertThat(consent.page()).as("a consent page, not a redirect: " + consent.hops()).isNotNull();
		assertThat(consent.page().statusCode()).isEqualTo(200);
		String page = consent.page().body();
		assertThat(page).contains("profile").contains("api.read");
		Map<String, String> form = new java.util.LinkedHashMap<>();
		form.put("client_id", client.clientId());
		form.put("state", hidden(page, "state"));
		form.put("scope", "api.read");
		Browser.Visit approved = browser.post(this.issuer + "/oauth2/authorize", form, client::isRedirectUri);
		Map<String, String> redirect = parameters(approved.last());
		assertThat(redirect).containsKey("code").containsEntry("state", client.state);
		JsonNode tokens = client.redeem(redirect.get("code")).json();
		assertThat(tokens.get("scope").asString().split(" ")).containsExactlyInAnyOrder("openid", "api.read");
	}

	static String hidden(String page, String name) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern
			.compile("name=\"" + name + "\"\\s+value=\"([^\"]*)\"|value=\"([^\"]*)\"\\s+name=\"" + name + "\"")
			.matcher(page);
		assertThat(matcher.find()).as(name + " in " + page).isTrue();
		return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
	}

	@Test
	void loginErrorPageWhenChineseBrowserThenChineseText() {
		Browser.Visit visit = new Browser(Browser.DESKTOP).acceptLanguage("zh-CN,zh;q=0.9")
			.open(this.issuer + "/login?error=temporarily_unavailable", (uri) -> false);

		assertThat(visit.page().statusCode()).isEqualTo(200);
		assertThat(visit.page().body()).contains("微信暂时不可用");
	}

	@Test
	void loginErrorPageWhenEnglishBrowserThenEnglishText() {
		Browser.Visit visit = new Browser(Browser.DESKTOP).acceptLanguage("en-US")
			.open(this.issuer + "/login?error=access_denied", (uri) -> false);

		assertThat(visit.page().body()).contains("cancelled or refused");
	}

}
