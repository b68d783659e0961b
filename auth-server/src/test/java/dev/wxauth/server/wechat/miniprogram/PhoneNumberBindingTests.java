package dev.wxauth.server.wechat.miniprogram;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.emulator.WeChatEmulator;
import dev.wxauth.server.crypto.AtRestEncryptor;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.Jwts;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.bearer;
import static dev.wxauth.server.testing.Http.form;
import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding a verified phone number from a mini-program, over HTTP: by {@code getPhoneNumber} code through the
 * emulator's {@code getuserphonenumber}, and by the legacy encrypted payload.
 */
@AuthServerTest
class PhoneNumberBindingTests {

	static final String MINI_PROGRAM = "wxd0000000000000a3";

	static final String PATH = "/wechat/mini-program/phone-number";

	@Value("${wxauth.issuer}")
	String issuer;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	SessionKeyStore sessionKeys;

	@Autowired
	AtRestEncryptor encryptor;

	final WeChatEmulator wechat = TestWeChat.emulator();

	CodeGrantClient miniProgram;

	Http http;

	@BeforeEach
	void setUp() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient().build();
		this.clients.save(client);
		this.miniProgram = new CodeGrantClient(this.issuer, WeChatGrantTypes.MINI_PROGRAM.getValue(), client);
		this.http = new Http(this.issuer);
	}

	JsonNode login(String user) {
		Http.Response response = this.miniProgram.login(this.wechat.mintJsCode(MINI_PROGRAM, user), "openid phone api.read");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	Http.Response bind(String accessToken, String json) {
		return this.http.postJson(PATH, json, bearer(accessToken));
	}

	@Test
	void bindWhenNoBearerTokenThenUnauthorized() {
		Http.Response response = this.http.postJson(PATH, "{\"code\":\"x\"}");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
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
	void bindWhenTokenRevokedThenForbidden() {
		String accessToken = login("alice").get("access_token").asString();
		this.jdbc.update("UPDATE oauth2_authorization SET access_token_metadata = replace(access_token_metadata,"
				+ " '\"metadata.token.invalidated\":false', '\"metadata.token.invalidated\":true')"
				+ " WHERE access_token_value = ?", accessToken);

		assertError(bind(accessToken, "{\"code\":\"x\"}"), 403, "insufficient_scope");
	}

	@Test
	void bindWhenBodyHasNeitherCodeNorEncryptedDataThenInvalidRequest() {
		assertError(bind(login("alice").get("access_token").asString(), "{}"), 400, "invalid_request");
	}

	@Test
	void bindWhenCodeBelongsToAnotherUserThenInvalidGrant() {
		String accessToken = login("alice").get("access_token").asString();

		assertError(bind(accessToken, "{\"code\":\"" + this.wechat.mintPhoneCode(MINI_PROGRAM, "bob") + "\"}"), 400,
				"invalid_grant");
	}

	@Test
	void bindWhenCodeUsedTwiceThenInvalidGrant() {
		String accessToken = login("alice").get("access_token").asString();
		String body = "{\"code\":\"" + this.wechat.mintPhoneCode(MINI_PROGRAM, "alice") + "\"}";
		assertThat(bind(accessToken, body).status()).isEqualTo(200);

		assertError(bind(accessToken, body), 400, "invalid_grant");
	}

	@Test
	void bindWhenCodeThenVerifiedPhoneStoredAndInTokensAndUserinfo() throws Exception {
		JsonNode tokens = login("alice");
		String accessToken = tokens.get("access_token").asString();

		Http.Response response = bind(accessToken, "{\"code\":\"" + this.wechat.mintPhoneCode(MINI_PROGRAM, "alice") + "\"}");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("phone_number").asString()).isEqualTo("+8613800138000");
		assertThat(response.json().get("phone_number_verified").asBoolean()).isTrue();
		String sub = Jwts.verified(this.issuer, accessToken).getSubject();
		assertThat(this.jdbc.queryForObject("SELECT phone_number FROM users WHERE id = ?::uuid", String.class, sub))
			.isEqualTo("+8613800138000");
		JsonNode refreshed = this.miniProgram.refresh(tokens.get("refresh_token").asString()).json();
		JWTClaimsSet idToken = Jwts.verified(this.issuer, refreshed.get("id_token").asString());
		assertThat(idToken.getStringClaim("phone_number")).isEqualTo("+8613800138000");
		assertThat(idToken.getBooleanClaim("phone_number_verified")).isTrue();
		JsonNode userinfo = this.http.get("/userinfo", bearer(refreshed.get("access_token").asString())).json();
		assertThat(userinfo.get("phone_number").asString()).isEqualTo("+8613800138000");
	}

	@Test
	void bindWhenAppAccessTokenRejectedByWeChatThenRefreshedOnceAndBound() {
		String accessToken = login("bob").get("access_token").asString();
		String phoneCode = this.wechat.mintPhoneCode(MINI_PROGRAM, "bob");
		bind(accessToken, "{\"code\":\"" + this.wechat.mintPhoneCode(MINI_PROGRAM, "bob") + "\"}");
		this.jdbc.update("UPDATE wechat_app_access_tokens SET token_encrypted = ? WHERE appid = ?",
				this.encryptor.encrypt("revoked-by-wechat".getBytes(StandardCharsets.UTF_8),
						"wechat_app_access_tokens:" + MINI_PROGRAM),
				MINI_PROGRAM);
		int fetches = this.wechat.calls("/cgi-bin/stable_token");

		Http.Response response = bind(accessToken, "{\"code\":\"" + phoneCode + "\"}");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("phone_number").asString()).isEqualTo("+8613900139000");
		assertThat(this.wechat.calls("/cgi-bin/stable_token")).isEqualTo(fetches + 1);
	}

	@Test
	void bindWhenEncryptedDataFromTheSessionKeyThenStored() throws Exception {
		String accessToken = login("alice").get("access_token").asString();
		String sessionKey = this.sessionKeys.find(MINI_PROGRAM, this.wechat.openid(MINI_PROGRAM, "alice")).orElseThrow();

		Http.Response response = bind(accessToken, encrypted(sessionKey, MINI_PROGRAM, Instant.now(), "13700137000"));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("phone_number").asString()).isEqualTo("+8613700137000");
	}

	@Test
	void bindWhenEncryptedDataWatermarkedForAnotherAppThenInvalidRequest() throws Exception {
		String accessToken = login("alice").get("access_token").asString();
		String sessionKey = this.sessionKeys.find(MINI_PROGRAM, this.wechat.openid(MINI_PROGRAM, "alice")).orElseThrow();

		Http.Response response = bind(accessToken, encrypted(sessionKey, "wxd0000000000000ff", Instant.now(), "13700137000"));

		assertError(response, 400, "invalid_request");
		assertThat(response.json().get("error_description").asString()).contains("watermark appid");
	}

	@Test
	void bindWhenEncryptedDataTooOldThenInvalidRequest() throws Exception {
		String accessToken = login("alice").get("access_token").asString();
		String sessionKey = this.sessionKeys.find(MINI_PROGRAM, this.wechat.openid(MINI_PROGRAM, "alice")).orElseThrow();

		Http.Response response = bind(accessToken,
				encrypted(sessionKey, MINI_PROGRAM, Instant.now().minusSeconds(3600), "13700137000"));

		assertError(response, 400, "invalid_request");
		assertThat(response.json().get("error_description").asString()).contains("too old");
	}

	@Test
	void bindWhenEncryptedWithAnotherSessionKeyThenInvalidRequestNamingTheCause() throws Exception {
		String accessToken = login("alice").get("access_token").asString();
		byte[] otherKey = new byte[16];
		new SecureRandom().nextBytes(otherKey);

		Http.Response response = bind(accessToken,
				encrypted(Base64.getEncoder().encodeToString(otherKey), MINI_PROGRAM, Instant.now(), "13700137000"));

		assertError(response, 400, "invalid_request");
		assertThat(response.json().get("error_description").asString()).contains("another session key");
	}

	@Test
	void bindWhenIvNotBase64ThenInvalidRequest() {
		String accessToken = login("alice").get("access_token").asString();

		assertError(bind(accessToken, "{\"encryptedData\":\"AAAA\",\"iv\":\"not base64!\"}"), 400, "invalid_request");
	}

	/** What WeChat's getPhoneNumber (legacy) hands the mini-program: AES-128-CBC under the session key. */
	static String encrypted(String sessionKey, String appid, Instant timestamp, String number) throws Exception {
		String payload = "{\"phoneNumber\":\"" + number + "\",\"purePhoneNumber\":\"" + number
				+ "\",\"countryCode\":\"86\",\"watermark\":{\"timestamp\":" + timestamp.getEpochSecond() + ",\"appid\":\""
				+ appid + "\"}}";
		byte[] iv = new byte[16];
		new SecureRandom().nextBytes(iv);
		Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(sessionKey), "AES"),
				new IvParameterSpec(iv));
		byte[] data = cipher.doFinal(payload.getBytes(StandardCharsets.UTF_8));
		return "{\"encryptedData\":\"" + Base64.getEncoder().encodeToString(data) + "\",\"iv\":\""
				+ Base64.getEncoder().encodeToString(iv) + "\"}";
	}

}
