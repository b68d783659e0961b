package dev.wxauth.server.wechat.web;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.testing.WeChatLoginFixture.Calls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static dev.wxauth.server.testing.WeChatLoginFixture.OFFICIAL_ACCOUNT;
import static dev.wxauth.server.testing.WeChatLoginFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web login when it succeeds: desktop QR, inside WeChat, token claims, one user across apps, profile reads.
 */
@AuthServerTest
class WeChatWebLoginTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@ParameterizedTest
	@CsvSource({ "desktop, /connect/qrconnect, " + WEBSITE, "wechat, /connect/oauth2/authorize, " + OFFICIAL_ACCOUNT })
	void authorizeWhenSignedOutThenStraightToWeChatsPage(String browser, String wechatPage, String appid) {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser person = this.fixture.person("alice", "wechat".equals(browser) ? Browser.WECHAT : Browser.DESKTOP);

		Browser.Visit visit = person.open(client.authorizationUrl("openid"), this.fixture::isWeChatPage);

		assertThat(visit.hops()).as("authorize, then WeChat: no hop through /login").hasSize(2);
		assertThat(visit.last().getPath()).isEqualTo(wechatPage);
		assertThat(visit.last().getRawQuery()).startsWith("appid=" + appid + "&");
		assertThat(parameters(person.open(visit.last().toString(), client::isRedirectUri).last())).containsKey("code");
	}

	@Test
	void loginPageWhenVisitedDirectlyThenOnToWeChatsPage() {
		Browser.Visit visit = this.fixture.person("alice", Browser.DESKTOP)
			.open(this.fixture.issuer() + "/login", this.fixture::isWeChatPage);

		assertThat(visit.hops()).extracting(URI::getPath)
			.containsExactly("/login", "/oauth2/authorization/website", "/connect/qrconnect");
	}

	@Test
	void loginWhenDesktopBrowserThenQrLoginAndTokensCarryOurUserId() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		Instant loginStarted = Instant.now().truncatedTo(ChronoUnit.SECONDS);

		Browser.Visit visit = browser.open(client.authorizationUrl("openid profile wechat api.read"), client::isRedirectUri);

		URI qrPage = visit.hops().stream().filter(this.fixture::isWeChatPage).findFirst().orElseThrow();
		assertThat(qrPage.getPath()).isEqualTo("/connect/qrconnect");
		assertThat(qrPage.getRawQuery()).startsWith("appid=" + WEBSITE + "&redirect_uri=http%3A%2F%2F")
			.contains("response_type=code", "scope=snsapi_login")
			.doesNotContain("client_id", "code_challenge", "nonce");
		Http.Response tokenResponse = client.redeem(parameters(visit.last()).get("code"));
		assertThat(tokenResponse.status()).isEqualTo(200);
		JsonNode tokens = tokenResponse.json();

		JWTClaimsSet idToken = this.fixture.idToken(tokens);
		String sub = idToken.getSubject();
		assertThat(sub).as("sub is our user id, never an openid").isEqualTo(this.fixture.userId(WEBSITE, "alice"));
		assertThat(idToken.getAudience()).containsExactly(client.clientId());
		assertThat(idToken.getStringClaim("nonce")).isEqualTo(client.nonce);
		assertThat(idToken.getDateClaim("auth_time").toInstant()).isBetween(loginStarted, Instant.now());
		assertThat(idToken.getStringClaim("name")).isEqualTo("爱丽丝 Alice 🌸");
		assertThat(idToken.getStringClaim("picture")).isEqualTo("https://thirdwx.qlogo.cn/mmopen/vi_32/alice/132");
		assertThat(idToken.getStringClaim("wechat_openid")).isEqualTo(this.fixture.wechat().openid(WEBSITE, "alice"));
		assertThat(idToken.getStringClaim("wechat_unionid")).isEqualTo(this.fixture.wechat().unionid(WEBSITE, "alice"));

		JWTClaimsSet accessToken = this.fixture.accessToken(tokens);
		assertThat(accessToken.getSubject()).isEqualTo(sub);
		assertThat(accessToken.getStringListClaim("scope")).contains("openid", "profile", "wechat", "api.read");
		assertThat(accessToken.getClaims()).doesNotContainKeys("wechat_openid", "wechat_unionid");

		Http.Response userinfo = this.fixture.http()
			.get("/userinfo", Http.bearer(tokens.get("access_token").asString()));
		assertThat(userinfo.status()).isEqualTo(200);
		assertThat(userinfo.json().get("sub").asString()).isEqualTo(sub);
		assertThat(userinfo.json().get("name").asString()).isEqualTo("爱丽丝 Alice 🌸");
		assertThat(userinfo.json().get("wechat_openid").asString())
			.isEqualTo(this.fixture.wechat().openid(WEBSITE, "alice"));
	}

	@Test
	void loginWhenScopesLackProfileAndWechatThenIdTokenHasNoPersonalClaims() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());

		JsonNode tokens = this.fixture.signIn(client, this.fixture.person("alice", Browser.DESKTOP), "openid");

		JWTClaimsSet idToken = this.fixture.idToken(tokens);
		assertThat(idToken.getClaims()).doesNotContainKeys("name", "picture", "wechat_openid", "wechat_unionid");
	}

	@Test
	void loginWhenInsideWeChatThenOfficialAccountAuthorization() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());

		Browser.Visit visit = this.fixture.person("bob", Browser.WECHAT)
			.open(client.authorizationUrl("openid wechat"), client::isRedirectUri);

		URI authorizePage = visit.hops().stream().filter(this.fixture::isWeChatPage).findFirst().orElseThrow();
		assertThat(authorizePage.getPath()).isEqualTo("/connect/oauth2/authorize");
		assertThat(authorizePage.getQuery()).startsWith("appid=" + OFFICIAL_ACCOUNT).contains("scope=snsapi_userinfo");
		JsonNode tokens = client.redeem(parameters(visit.last()).get("code")).json();
		JWTClaimsSet idToken = this.fixture.idToken(tokens);
		assertThat(idToken.getStringClaim("wechat_openid"))
			.isEqualTo(this.fixture.wechat().openid(OFFICIAL_ACCOUNT, "bob"));
	}

	@Test
	void loginWhenSamePersonThroughWebsiteAndOfficialAccountThenOneSub() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());

		String viaWebsite = subject(client, "bob", Browser.DESKTOP, "openid");
		String viaOfficialAccount = subject(client, "bob", Browser.WECHAT, "openid");
		String aliceViaWebsite = subject(client, "alice", Browser.DESKTOP, "openid");

		assertThat(viaOfficialAccount).isEqualTo(viaWebsite);
		assertThat(aliceViaWebsite).isNotEqualTo(viaWebsite);
		// other test classes of this shared database may have signed bob in through other apps
		assertThat(this.fixture.jdbc()
			.queryForList("SELECT appid FROM wechat_identities WHERE user_id = ?::uuid", String.class, viaWebsite))
			.contains(WEBSITE, OFFICIAL_ACCOUNT);
	}

	@Test
	void loginWhenProfileRecentThenNotReadFromWeChatAgain() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String first = subject(client, "alice", Browser.DESKTOP, "openid");
		this.fixture.jdbc().update("UPDATE users SET nickname = 'ours' WHERE id = ?::uuid", first);
		Calls profileReads = this.fixture.callsTo("/sns/userinfo");
		try {
			JWTClaimsSet second = this.fixture
				.idToken(this.fixture.signIn(client, this.fixture.person("alice", Browser.DESKTOP), "openid profile"));

			assertThat(second.getSubject()).isEqualTo(first);
			assertThat(second.getStringClaim("name")).isEqualTo("ours");
			assertThat(profileReads.count()).isZero();
		}
		finally {
			this.fixture.ageAllProfiles(); // alice's next login, in any test, reads her real nickname back
		}
	}

	@Test
	void loginWhenProfileOlderThanMaxAgeThenSameUserAndProfileReadAgain() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String first = subject(client, "alice", Browser.DESKTOP, "openid");
		this.fixture.jdbc()
			.update("UPDATE users SET nickname = 'stale', profile_read_at = now() - interval '2 days'"
					+ " WHERE id = ?::uuid", first);
		Calls profileReads = this.fixture.callsTo("/sns/userinfo");

		JWTClaimsSet second = this.fixture
			.idToken(this.fixture.signIn(client, this.fixture.person("alice", Browser.DESKTOP), "openid profile"));

		assertThat(second.getSubject()).isEqualTo(first);
		assertThat(second.getStringClaim("name")).isEqualTo("爱丽丝 Alice 🌸");
		assertThat(profileReads.count()).isEqualTo(1);
	}

	/** Signs {@code user} in through a fresh browser: the {@code sub} of the ID token. */
	private String subject(OidcTestClient client, String user, String userAgent, String scope) {
		return this.fixture.idToken(this.fixture.signIn(client, this.fixture.person(user, userAgent), scope)).getSubject();
	}

}
