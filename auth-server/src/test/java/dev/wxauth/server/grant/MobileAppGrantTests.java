package dev.wxauth.server.grant;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.emulator.Fault;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.testing.WeChatLoginFixture.Calls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.MOBILE_APP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native-app grant at the real token endpoint: Open SDK codes minted by the WeChat emulator, traded with the
 * app secret; and one person across the mini-program, the native app and the web login.
 */
@AuthServerTest
class MobileAppGrantTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	CodeGrantClient app() {
		return this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(), WeChatGrantTypes.MOBILE_APP);
	}

	String appCode(String user) {
		return this.fixture.wechat().mintAppCode(MOBILE_APP, user);
	}

	@Test
	void tokenWhenMiniProgramClientUsesTheAppGrantThenUnauthorizedClient() {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MOBILE_APP);

		assertError(miniProgram.login(appCode("alice")), 400, "unauthorized_client");
	}

	@Test
	void tokenWhenCodeOfAnotherAppThenInvalidGrant() {
		assertError(app().login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, "alice")), 400, "invalid_grant");
	}

	@Test
	void tokenWhenCodeReplayedThenInvalidGrantWithoutAskingWeChat() {
		CodeGrantClient app = app();
		String code = appCode("alice");
		assertThat(app.login(code).status()).isEqualTo(200);
		Calls exchanges = this.fixture.callsTo("/sns/oauth2/access_token");

		assertError(app.login(code), 400, "invalid_grant");
		assertThat(exchanges.count()).isZero();
	}

	@Test
	void tokenWhenProfileReadRateLimitedThenServiceUnavailable() {
		CodeGrantClient app = app();
		this.fixture.wechat().injectFault("/sns/userinfo", Fault.RATE_LIMIT, 1);
		this.fixture.ageAllProfiles(); // bob's profile must be read

		assertError(app.login(appCode("bob")), 503, "temporarily_unavailable");
	}

	@Test
	void tokenWhenFirstLoginThenUserCreatedWithProfileFromWeChat() throws Exception {
		this.fixture.jdbc()
			.update("DELETE FROM users WHERE id IN (SELECT user_id FROM wechat_identities WHERE unionid = ?)",
					this.fixture.wechat().unionid(MOBILE_APP, "bob"));
		int users = this.fixture.rows("users");

		Http.Response response = app().login(appCode("bob"), "openid profile wechat");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(this.fixture.rows("users")).isEqualTo(users + 1);
		JWTClaimsSet idToken = this.fixture.idToken(response.json());
		assertThat(idToken.getSubject()).isEqualTo(this.fixture.userId(MOBILE_APP, "bob"));
		assertThat(idToken.getStringClaim("name")).isEqualTo("鲍勃 Bob 🐉");
		assertThat(idToken.getStringClaim("wechat_openid")).isEqualTo(this.fixture.wechat().openid(MOBILE_APP, "bob"));
		assertThat(response.json().has("refresh_token")).isTrue();
	}

	@Test
	void tokenWhenProfileRecentThenNotReadFromWeChatAgain() throws Exception {
		CodeGrantClient app = app();
		assertThat(app.login(appCode("alice")).status()).isEqualTo(200);
		Calls profileReads = this.fixture.callsTo("/sns/userinfo");

		Http.Response response = app.login(appCode("alice"), "openid profile");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(this.fixture.idToken(response.json()).getStringClaim("name")).isEqualTo("爱丽丝 Alice 🌸");
		assertThat(profileReads.count()).isZero();
	}

	@Test
	void loginWhenSamePersonThroughMiniProgramNativeAppAndWebThenOneSub() throws Exception {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		String viaMiniProgram = subject(miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, "alice")));
		String viaApp = subject(app().login(appCode("alice")));
		OidcTestClient webClient = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		String code = parameters(browser.open(webClient.authorizationUrl("openid"), webClient::isRedirectUri).last())
			.get("code");
		String viaWeb = subject(webClient.redeem(code));

		assertThat(viaApp).isEqualTo(viaMiniProgram);
		assertThat(viaWeb).isEqualTo(viaMiniProgram);
		assertThat(this.fixture.jdbc()
			.queryForList("SELECT app_kind FROM wechat_identities WHERE user_id = ?::uuid", String.class, viaMiniProgram))
			.contains("mini-program", "mobile-app", "website");
	}

	private String subject(Http.Response tokens) {
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		return this.fixture.accessToken(tokens.json()).getSubject();
	}

}
