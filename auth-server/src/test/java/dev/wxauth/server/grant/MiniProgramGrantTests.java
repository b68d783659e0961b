package dev.wxauth.server.grant;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.emulator.Fault;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.testing.WeChatLoginFixture.Calls;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.miniprogram.SessionKeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static dev.wxauth.server.testing.Http.form;
import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mini-program grant at the real token endpoint: {@code wx.login()} codes minted by the WeChat emulator,
 * traded over HTTP with {@code jscode2session}, users and session keys in PostgreSQL.
 */
@AuthServerTest
class MiniProgramGrantTests {

	static final String GRANT = WeChatGrantTypes.MINI_PROGRAM.getValue();

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	SessionKeyStore sessionKeys;

	CodeGrantClient client(RegisteredClient.Builder registration) {
		return this.fixture.codeGrantClient(registration, WeChatGrantTypes.MINI_PROGRAM);
	}

	String jsCode(String user) {
		return this.fixture.wechat().mintJsCode(MINI_PROGRAM, user);
	}

	@Test
	void tokenWhenNoClientIdThenInvalidClient() {
		Http.Response response = this.fixture.http().postForm("/oauth2/token",
				form("grant_type", GRANT, "code", jsCode("alice")));

		assertError(response, 401, "invalid_client");
	}

	@Test
	void tokenWhenUnknownClientThenInvalidClient() {
		Http.Response response = this.fixture.http().postForm("/oauth2/token",
				form("grant_type", GRANT, "client_id", "no-such-client", "code", jsCode("alice")));

		assertError(response, 401, "invalid_client");
	}

	@Test
	void tokenWhenPublicClientNotBoundToAWeChatAppThenInvalidClient() {
		CodeGrantClient spa = client(TestRegisteredClients.publicClient().authorizationGrantType(WeChatGrantTypes.MINI_PROGRAM));

		assertError(spa.login(jsCode("alice")), 401, "invalid_client");
	}

	@Test
	void tokenWhenClientLacksTheGrantThenUnauthorizedClient() {
		CodeGrantClient app = client(TestRegisteredClients.mobileAppClient());

		assertError(app.login(jsCode("alice")), 400, "unauthorized_client");
	}

	@Test
	void tokenWhenClientBoundToAnotherKindOfAppThenUnauthorizedClient() {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient()
			.clientSettings(ClientSettings.builder().setting(WeChatApps.CLIENT_SETTING, "mobile-app").build()));

		assertError(client.login(jsCode("alice")), 400, "unauthorized_client");
	}

	@Test
	void tokenWhenCodeMissingThenInvalidRequest() {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());

		Http.Response response = client.post(form("grant_type", GRANT, "client_id", client.clientId()));

		assertError(response, 400, "invalid_request");
	}

	@Test
	void tokenWhenCodeRepeatedThenInvalidRequest() {
		RegisteredClient registered = this.fixture.register(TestRegisteredClients.miniProgramClient());

		Http.Response response = this.fixture.http().postFormRaw("/oauth2/token", "grant_type=" + GRANT + "&client_id="
				+ registered.getClientId() + "&code=" + jsCode("alice") + "&code=" + jsCode("alice"));

		assertError(response, 400, "invalid_request");
	}

	@Test
	void tokenWhenCodeOversizedThenInvalidRequestWithoutAskingWeChat() {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());
		Calls upstream = this.fixture.callsTo("/sns/jscode2session");

		assertError(client.login("x".repeat(100_000)), 400, "invalid_request");
		assertThat(upstream.count()).isZero();
	}

	@Test
	void tokenWhenScopeNotRegisteredThenInvalidScope() {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());

		assertError(client.login(jsCode("alice"), "openid admin"), 400, "invalid_scope");
	}

	@Test
	void tokenWhenCodeUnknownToWeChatThenInvalidGrant() {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());

		assertError(client.login("not-a-wechat-code"), 400, "invalid_grant");
	}

	@Test
	void tokenWhenCodeReplayedThenInvalidGrantWithoutAskingWeChat() {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());
		String code = jsCode("alice");
		assertThat(client.login(code).status()).isEqualTo(200);
		Calls exchanges = this.fixture.callsTo("/sns/jscode2session");

		assertError(client.login(code), 400, "invalid_grant");
		assertThat(exchanges.count()).isZero();
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class, names = { "BUSY", "RATE_LIMIT", "HTTP_500", "TIMEOUT", "MALFORMED_JSON" })
	void tokenWhenWeChatFailsThenServiceUnavailableNothingWrittenAndCodeRetryable(Fault fault) {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());
		String code = jsCode("bob");
		this.fixture.wechat().injectFault("/sns/jscode2session", fault, 2); // 2: a busy reply is retried once
		int users = this.fixture.rows("users");
		int sessionKeys = this.fixture.rows("wechat_session_keys");
		int authorizations = this.fixture.rows("oauth2_authorization");
		Calls exchanges = this.fixture.callsTo("/sns/jscode2session");

		Http.Response response = client.login(code);

		assertError(response, 503, "temporarily_unavailable");
		assertThat(exchanges.count()).as("only a busy reply is retried").isEqualTo((fault == Fault.BUSY) ? 2 : 1);
		assertThat(response.header("Retry-After")).isEqualTo("5");
		assertThat(this.fixture.rows("users")).isEqualTo(users);
		assertThat(this.fixture.rows("wechat_session_keys")).isEqualTo(sessionKeys);
		assertThat(this.fixture.rows("oauth2_authorization")).isEqualTo(authorizations);
		this.fixture.wechat().clearFaults();
		assertThat(client.login(code).status()).as("WeChat never took the code: it can be tried again").isEqualTo(200);
	}

	@Test
	void tokenWhenWeChatBusyOnceThenRetriedAndIssued() {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());
		String code = jsCode("alice");
		this.fixture.wechat().injectFault("/sns/jscode2session", Fault.BUSY, 1);
		Calls exchanges = this.fixture.callsTo("/sns/jscode2session");

		assertThat(client.login(code).status()).isEqualTo(200);
		assertThat(exchanges.count()).as("the busy reply, then the retry").isEqualTo(2);
	}

	@Test
	void tokenWhenWeChatAnswersTextPlainThenIssued() {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());
		this.fixture.wechat().injectFault("/sns/jscode2session", Fault.TEXT_PLAIN, 1);

		assertThat(client.login(jsCode("alice")).status()).isEqualTo(200);
	}

	@Test
	void tokenWhenConfidentialClientBoundToTheMiniProgramThenIssuedWithItsSecret() {
		RegisteredClient registered = this.fixture.register(TestRegisteredClients.webClient()
			.authorizationGrantType(WeChatGrantTypes.MINI_PROGRAM)
			.clientSettings(ClientSettings.builder().setting(WeChatApps.CLIENT_SETTING, "mini-program").build()));

		Http.Response response = this.fixture.http().postForm("/oauth2/token",
				form("grant_type", GRANT, "code", jsCode("alice"), "scope", "api.read"),
				Http.basic(registered.getClientId(), TestRegisteredClients.SECRET));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	@Test
	void tokenWhenFirstLoginThenUserCreatedSessionKeyStoredEncryptedAndTokensForOurUser() throws Exception {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());
		String bobOpenid = this.fixture.wechat().openid(MINI_PROGRAM, "bob");
		// by unionid too: another test class may have signed bob in through another app only
		this.fixture.jdbc()
			.update("DELETE FROM users WHERE id IN (SELECT user_id FROM wechat_identities WHERE openid = ? OR unionid = ?)",
					bobOpenid, this.fixture.wechat().unionid(MINI_PROGRAM, "bob"));
		int users = this.fixture.rows("users");
		Instant loginStarted = Instant.now().truncatedTo(ChronoUnit.SECONDS);

		Http.Response response = client.login(jsCode("bob"), "openid wechat api.read");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode tokens = response.json();
		assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(tokens.has("refresh_token")).isTrue();
		assertThat(tokens.toString()).doesNotContain("session_key");
		assertThat(this.fixture.rows("users")).isEqualTo(users + 1);
		JWTClaimsSet accessToken = this.fixture.accessToken(tokens);
		String sub = accessToken.getSubject();
		assertThat(sub).as("our user id, never an openid").isEqualTo(this.fixture.userId(MINI_PROGRAM, "bob"));
		assertThat(accessToken.getStringListClaim("scope")).containsExactlyInAnyOrder("openid", "wechat", "api.read");
		JWTClaimsSet idToken = this.fixture.idToken(tokens);
		assertThat(idToken.getSubject()).isEqualTo(sub);
		assertThat(idToken.getDateClaim("auth_time").toInstant()).isBetween(loginStarted, Instant.now());
		assertThat(idToken.getStringClaim("wechat_openid")).isEqualTo(bobOpenid);
		assertThat(idToken.getStringClaim("wechat_unionid"))
			.isEqualTo(this.fixture.wechat().unionid(MINI_PROGRAM, "bob"));
		byte[] stored = this.fixture.jdbc().queryForObject(
				"SELECT session_key_encrypted FROM wechat_session_keys WHERE appid = ? AND openid = ?", byte[].class,
				MINI_PROGRAM, bobOpenid);
		String sessionKey = this.sessionKeys.find(MINI_PROGRAM, bobOpenid).orElseThrow();
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(sessionKey);
	}

	@Test
	void tokenWhenSecondLoginThenSameUserAndSessionKeyReplaced() throws Exception {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());
		String openid = this.fixture.wechat().openid(MINI_PROGRAM, "alice");
		String first = this.fixture.accessToken(client.login(jsCode("alice")).json()).getSubject();
		String firstKey = this.sessionKeys.find(MINI_PROGRAM, openid).orElseThrow();

		String second = this.fixture.accessToken(client.login(jsCode("alice")).json()).getSubject();

		assertThat(second).isEqualTo(first);
		assertThat(this.sessionKeys.find(MINI_PROGRAM, openid).orElseThrow()).isNotEqualTo(firstKey);
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM wechat_session_keys WHERE appid = ? AND openid = ?", Integer.class,
					MINI_PROGRAM, openid)).isEqualTo(1);
	}

	@Test
	void refreshWhenClientIdOnlyThenRotatedAndOldRefreshTokenRejected() {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());
		JsonNode tokens = client.login(jsCode("alice"), "openid api.read").json();
		String firstRefresh = tokens.get("refresh_token").asString();

		Http.Response refreshed = client.refresh(firstRefresh);

		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		assertThat(refreshed.json().get("refresh_token").asString()).isNotEqualTo(firstRefresh);
		assertThat(refreshed.json().has("id_token")).isTrue();
		assertError(client.refresh(firstRefresh), 400, "invalid_grant");
	}

	@Test
	void refreshWhenAnotherClientPresentsTheTokenThenRejected() {
		CodeGrantClient client = client(TestRegisteredClients.miniProgramClient());
		CodeGrantClient other = client(TestRegisteredClients.miniProgramClient());
		String refreshToken = client.login(jsCode("alice")).json().get("refresh_token").asString();

		assertError(other.refresh(refreshToken), 400, "invalid_grant");
	}

	@Test
	void discoveryWhenRequestedThenAdvertisesTheWeChatGrants() {
		List<String> openid = new ArrayList<>();
		this.fixture.http().get("/.well-known/openid-configuration")
			.json()
			.get("grant_types_supported")
			.forEach((node) -> openid.add(node.asString()));
		List<String> oauth = new ArrayList<>();
		this.fixture.http().get("/.well-known/oauth-authorization-server")
			.json()
			.get("grant_types_supported")
			.forEach((node) -> oauth.add(node.asString()));

		assertThat(openid).contains(GRANT, WeChatGrantTypes.MOBILE_APP.getValue(),
				AuthorizationGrantType.REFRESH_TOKEN.getValue());
		assertThat(oauth).contains(GRANT, WeChatGrantTypes.MOBILE_APP.getValue());
	}

}
