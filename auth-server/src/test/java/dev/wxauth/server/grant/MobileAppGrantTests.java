package dev.wxauth.server.grant;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.emulator.Fault;
import dev.wxauth.emulator.WeChatEmulator;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.Jwts;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native-app grant at the real token endpoint: Open SDK codes minted by the WeChat emulator, traded with the
 * app secret; and one person across the mini-program, the native app and the web login.
 */
@AuthServerTest
class MobileAppGrantTests {

	static final String MOBILE_APP = "wxd0000000000000a4";

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

	CodeGrantClient client(RegisteredClient.Builder registration, String grantType) {
		RegisteredClient client = registration.build();
		this.clients.save(client);
		return new CodeGrantClient(this.issuer, grantType, client);
	}

	CodeGrantClient app() {
		return client(TestRegisteredClients.mobileAppClient(), WeChatGrantTypes.MOBILE_APP.getValue());
	}

	@Test
	void tokenWhenMiniProgramClientUsesTheAppGrantThenUnauthorizedClient() {
		CodeGrantClient miniProgram = client(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MOBILE_APP.getValue());

		assertError(miniProgram.login(this.wechat.mintAppCode(MOBILE_APP, "alice")), 400, "unauthorized_client");
	}

	@Test
	void tokenWhenCodeOfAnotherAppThenInvalidGrant() {
		assertError(app().login(this.wechat.mintJsCode("wxd0000000000000a3", "alice")), 400, "invalid_grant");
	}

	@Test
	void tokenWhenCodeReplayedThenInvalidGrantWithoutAskingWeChat() {
		CodeGrantClient app = app();
		String code = this.wechat.mintAppCode(MOBILE_APP, "alice");
		assertThat(app.login(code).status()).isEqualTo(200);
		int upstreamCalls = this.wechat.calls("/sns/oauth2/access_token");

		assertError(app.login(code), 400, "invalid_grant");
		assertThat(this.wechat.calls("/sns/oauth2/access_token")).isEqualTo(upstreamCalls);
	}

	@Test
	void tokenWhenProfileReadRateLimitedThenServiceUnavailable() {
		CodeGrantClient app = app();
		this.wechat.injectFault("/sns/userinfo", Fault.RATE_LIMIT, 1);
		this.jdbc.update("UPDATE users SET profile_read_at = NULL"); // bob's profile must be read

		assertError(app.login(this.wechat.mintAppCode(MOBILE_APP, "bob")), 503, "temporarily_unavailable");
	}

	@Test
	void tokenWhenFirstLoginThenUserCreatedWithProfileFromWeChat() throws Exception {
		this.jdbc.update("DELETE FROM users WHERE id IN (SELECT user_id FROM wechat_identities WHERE unionid = ?)",
				this.wechat.unionid(MOBILE_APP, "bob"));
		int users = this.jdbc.queryForObject("SELECT count(*) FROM users", Integer.class);

		Http.Response response = app().login(this.wechat.mintAppCode(MOBILE_APP, "bob"), "openid profile wechat");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM users", Integer.class)).isEqualTo(users + 1);
		JWTClaimsSet idToken = Jwts.verified(this.issuer, response.json().get("id_token").asString());
		assertThat(idToken.getStringClaim("name")).isEqualTo("鲍勃 Bob 🐉");
		assertThat(idToken.getStringClaim("wechat_openid")).isEqualTo(this.wechat.openid(MOBILE_APP, "bob"));
		assertThat(response.json().has("refresh_token")).isTrue();
	}

	@Test
	void tokenWhenProfileRecentThenNotReadFromWeChatAgain() throws Exception {
		CodeGrantClient app = app();
		assertThat(app.login(this.wechat.mintAppCode(MOBILE_APP, "alice")).status()).isEqualTo(200);
		int profileReads = this.wechat.calls("/sns/userinfo");

		Http.Response response = app.login(this.wechat.mintAppCode(MOBILE_APP, "alice"), "openid profile");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(Jwts.verified(this.issuer, response.json().get("id_token").asString()).getStringClaim("name"))
			.isNotBlank();
		assertThat(this.wechat.calls("/sns/userinfo")).isEqualTo(profileReads);
	}

	@Test
	void loginWhenSamePersonThroughMiniProgramNativeAppAndWebThenOneSub() throws Exception {
		CodeGrantClient miniProgram = client(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM.getValue());
		String viaMiniProgram = subject(miniProgram.login(this.wechat.mintJsCode("wxd0000000000000a3", "alice")));
		String viaApp = subject(app().login(this.wechat.mintAppCode(MOBILE_APP, "alice")));
		RegisteredClient web = TestRegisteredClients.webClient().build();
		this.clients.save(web);
		OidcTestClient webClient = new OidcTestClient(this.issuer, web, TestRegisteredClients.SECRET);
		Browser browser = TestWeChat.person("alice", Browser.DESKTOP);
		String code = parameters(browser.open(webClient.authorizationUrl("openid"), webClient::isRedirectUri).last())
			.get("code");
		String viaWeb = subject(webClient.redeem(code));

		assertThat(viaApp).isEqualTo(viaMiniProgram);
		assertThat(viaWeb).isEqualTo(viaMiniProgram);
		assertThat(this.jdbc.queryForList("SELECT app_kind FROM wechat_identities WHERE user_id = ?::uuid", String.class,
				viaMiniProgram)).contains("mini-program", "mobile-app", "website");
	}

	private String subject(Http.Response tokens) throws Exception {
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		JsonNode json = tokens.json();
		return Jwts.verified(this.issuer, json.get("access_token").asString()).getSubject();
	}

}
