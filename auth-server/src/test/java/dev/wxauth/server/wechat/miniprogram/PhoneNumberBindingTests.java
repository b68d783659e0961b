package dev.wxauth.server.wechat.miniprogram;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.emulator.Fault;
import dev.wxauth.server.crypto.AtRestEncryptor;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.Jwts;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.testing.WeChatLoginFixture.Calls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.bearer;
import static dev.wxauth.server.testing.Http.form;
import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.encryptedPhoneNumber;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding a verified phone number from a mini-program, over HTTP: by {@code getPhoneNumber} code through the
 * emulator's {@code getuserphonenumber}, and by the legacy encrypted payload.
 */
@AuthServerTest
class PhoneNumberBindingTests {

	static final String PATH = "/wechat/mini-program/phone-number";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	SessionKeyStore sessionKeys;

	@Autowired
	AtRestEncryptor encryptor;

	CodeGrantClient miniProgram;

	Http http;

	@BeforeEach
	void setUp() {
		this.miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		this.http = this.fixture.http();
	}

	String phoneCode(String user) {
		return this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, user);
	}

	String sessionKey(String user) {
		return this.sessionKeys.find(MINI_PROGRAM, this.fixture.wechat().openid(MINI_PROGRAM, user)).orElseThrow();
	}

	JsonNode login(String user) {
		String code = this.fixture.wechat().mintJsCode(MINI_PROGRAM, user);
		Http.Response response = this.miniProgram.login(code, "openid phone api.read");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	Http.Response bind(String accessToken, String json) {
		return this.http.postJson(PATH, json, bearer(accessToken));
	}

	@Test
	void bindWhenNoBearerTokenThenUnauthorizedAsProblemJson() {
		Http.Response response = this.http.postJson(PATH, "{\"code\":\"x\"}");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(401);
	}

	@Test
	void bindWhenIdTokenInsteadOfAccessTokenThenInvalidToken() {
		String idToken = login("alice").get("id_token").asString();

		Http.Response response = bind(idToken, "{\"code\":\"x\"}");

		assertError(response, 401, "invalid_token");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void bindWhenTokenIsNotFromAMiniProgramLoginThenForbidden() {
		String serviceToken = this.http
			.postForm("/oauth2/token", form("grant_type", "client_credentials"), basic("demo-service", "demo-service-secret"))
			.json()
			.get("access_token")
			.asString();

		assertError(bind(serviceToken, "{\"code\":\"x\"}"), 403, "insufficient_scope");
	}

	@Test
	void bindWhenTokenWithoutPhoneScopeThenInsufficientScope() {
		Http.Response login = this.miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, "alice"),
				"openid api.read");
		String accessToken = login.json().get("access_token").asString();
		WeChatLoginFixture.Calls paidCalls = this.fixture.callsTo("/wxa/business/getuserphonenumber");

		Http.Response response = bind(accessToken, "{\"code\":\"" + phoneCode("alice") + "\"}");

		assertError(response, 403, "insufficient_scope");
		assertThat(response.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"", "scope=\"phone\"");
		assertThat(paidCalls.count()).as("no paid call made").isZero();
	}

	@Test
	void bindWhenTokenRevokedThenInvalidToken() {
		String accessToken = login("alice").get("access_token").asString();
		this.fixture.jdbc()
			.update("UPDATE oauth2_authorization SET access_token_metadata = replace(access_token_metadata,"
				+ " '\"metadata.token.invalidated\":false', '\"metadata.token.invalidated\":true')"
				+ " WHERE access_token_value = ?", accessToken);

		Http.Response response = bind(accessToken, "{\"code\":\"x\"}");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
	}

	@Test
	void bindWhenBodyHasNeitherCodeNorEncryptedDataThenInvalidRequest() {
		assertError(bind(login("alice").get("access_token").asString(), "{}"), 400, "invalid_request");
	}

	@Test
	void bindWhenCodeLongerThanAnyWeChatCodeThenInvalidRequestWithoutAskingWeChat() {
		String accessToken = login("alice").get("access_token").asString();
		Calls upstream = this.fixture.callsTo("/wxa/business/getuserphonenumber");

		assertError(bind(accessToken, "{\"code\":\"" + "x".repeat(100_000) + "\"}"), 400, "invalid_request");
		assertThat(upstream.count()).isZero();
	}

	@Test
	void bindWhenCodeIsNotPrintableAsciiThenInvalidRequestWithoutAskingWeChat() {
		String accessToken = login("alice").get("access_token").asString();
		Calls upstream = this.fixture.callsTo("/wxa/business/getuserphonenumber");

		assertError(bind(accessToken, "{\"code\":\"\\ud800\"}"), 400, "invalid_request");
		assertError(bind(accessToken, "{\"code\":\"\u7528\u6237\"}"), 400, "invalid_request");
		assertThat(upstream.count()).isZero();
	}

	@Test
	void bindWhenRefusedThenProblemJsonCarryingTheOAuthErrorCode() {
		Http.Response response = bind(login("alice").get("access_token").asString(), "{}");

		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(400);
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_request");
	}

	@Test
	void bindWhenBodyIsNotJsonThenProblemJson() {
		Http.Response response = bind(login("alice").get("access_token").asString(), "{\"code\":");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void bindWhenBrowserAcceptsOnlyHtmlThenStillTheProblem() {
		String accessToken = login("alice").get("access_token").asString();

		Http.Response response = this.http.postJson(PATH, "{}", "Authorization", "Bearer " + accessToken, "Accept",
				"text/html");

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
	}

	@Test
	void bindWhenCodeBelongsToAnotherUserThenInvalidGrant() {
		String accessToken = login("alice").get("access_token").asString();

		assertError(bind(accessToken, "{\"code\":\"" + phoneCode("bob") + "\"}"), 400, "invalid_grant");
	}

	@Test
	void bindWhenWeChatRateLimitedThenServiceUnavailableWithRetryAfter() {
		String accessToken = login("alice").get("access_token").asString();
		this.fixture.wechat().injectFault("/wxa/business/getuserphonenumber", Fault.RATE_LIMIT, 1);

		Http.Response response = bind(accessToken, "{\"code\":\"" + phoneCode("alice") + "\"}");

		assertError(response, 503, "temporarily_unavailable");
		assertThat(response.header("Retry-After")).isEqualTo("5");
	}

	@Test
	void bindWhenCodeUsedTwiceThenInvalidGrant() {
		String accessToken = login("alice").get("access_token").asString();
		String body = "{\"code\":\"" + phoneCode("alice") + "\"}";
		assertThat(bind(accessToken, body).status()).isEqualTo(200);

		assertError(bind(accessToken, body), 400, "invalid_grant");
	}

	@Test
	void bindWhenCodeThenVerifiedPhoneStoredAndInTokensAndUserinfo() throws Exception {
		JsonNode tokens = login("alice");
		String accessToken = tokens.get("access_token").asString();

		Http.Response response = bind(accessToken, "{\"code\":\"" + phoneCode("alice") + "\"}");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("phone_number").asString()).isEqualTo("+8613800138000");
		assertThat(response.json().get("phone_number_verified").asBoolean()).isTrue();
		String sub = Jwts.verified(this.fixture.issuer(), accessToken).getSubject();
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT phone_number FROM users WHERE id = ?::uuid", String.class, sub))
			.isEqualTo("+8613800138000");
		JsonNode refreshed = this.miniProgram.refresh(tokens.get("refresh_token").asString()).json();
		JWTClaimsSet idToken = this.fixture.idToken(refreshed);
		assertThat(idToken.getStringClaim("phone_number")).isEqualTo("+8613800138000");
		assertThat(idToken.getBooleanClaim("phone_number_verified")).isTrue();
		JsonNode userinfo = this.http.get("/userinfo", bearer(refreshed.get("access_token").asString())).json();
		assertThat(userinfo.get("phone_number").asString()).isEqualTo("+8613800138000");
	}

	@Test
	void bindWhenAppAccessTokenRejectedByWeChatThenRefreshedOnceAndBound() {
		String accessToken = login("bob").get("access_token").asString();
		String code = phoneCode("bob");
		// a first binding stores the app access token that WeChat is to reject
		assertThat(bind(accessToken, "{\"code\":\"" + phoneCode("bob") + "\"}").status()).isEqualTo(200);
		this.fixture.jdbc().update("UPDATE wechat_app_access_tokens SET token_encrypted = ? WHERE appid = ?",
				this.encryptor.encrypt("revoked-by-wechat".getBytes(StandardCharsets.UTF_8),
						"wechat_app_access_tokens:" + MINI_PROGRAM),
				MINI_PROGRAM);
		Calls fetches = this.fixture.callsTo("/cgi-bin/stable_token");

		Http.Response response = bind(accessToken, "{\"code\":\"" + code + "\"}");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("phone_number").asString()).isEqualTo("+8613900139000");
		assertThat(fetches.count()).isEqualTo(1);
	}

	@Test
	void bindWhenEncryptedDataFromTheSessionKeyThenStored() throws Exception {
		String accessToken = login("alice").get("access_token").asString();
		String sessionKey = sessionKey("alice");

		Http.Response response = bind(accessToken,
				encryptedPhoneNumber(sessionKey, MINI_PROGRAM, Instant.now(), "13700137000"));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("phone_number").asString()).isEqualTo("+8613700137000");
	}

	@Test
	void bindWhenEncryptedDataWatermarkedForAnotherAppThenInvalidRequest() throws Exception {
		String accessToken = login("alice").get("access_token").asString();
		String sessionKey = sessionKey("alice");

		Http.Response response = bind(accessToken,
				encryptedPhoneNumber(sessionKey, "wxd0000000000000ff", Instant.now(), "13700137000"));

		assertError(response, 400, "invalid_request");
		assertThat(response.json().get("error_description").asString()).contains("watermark appid");
	}

	@Test
	void bindWhenEncryptedDataTooOldThenInvalidRequest() throws Exception {
		String accessToken = login("alice").get("access_token").asString();
		String sessionKey = sessionKey("alice");

		Http.Response response = bind(accessToken,
				encryptedPhoneNumber(sessionKey, MINI_PROGRAM, Instant.now().minusSeconds(3600), "13700137000"));

		assertError(response, 400, "invalid_request");
		assertThat(response.json().get("error_description").asString()).contains("too old");
	}

	@Test
	void bindWhenEncryptedWithAnotherSessionKeyThenInvalidRequestNamingTheCause() throws Exception {
		String accessToken = login("alice").get("access_token").asString();
		byte[] otherKey = new byte[16];
		new SecureRandom().nextBytes(otherKey);

		Http.Response response = bind(accessToken,
				encryptedPhoneNumber(Base64.getEncoder().encodeToString(otherKey), MINI_PROGRAM, Instant.now(),
						"13700137000"));

		assertError(response, 400, "invalid_request");
		assertThat(response.json().get("error_description").asString()).contains("another session key");
	}

	@Test
	void bindWhenIvNotBase64ThenInvalidRequest() {
		String accessToken = login("alice").get("access_token").asString();

		assertError(bind(accessToken, "{\"encryptedData\":\"AAAA\",\"iv\":\"not base64!\"}"), 400, "invalid_request");
	}

}
