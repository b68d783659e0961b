package dev.wxauth.emulator;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.wxauth.emulator.EmulatorHttp.query;
import static dev.wxauth.emulator.SnsApiTests.assertError;
import static dev.wxauth.emulator.WeChatFlows.MINI_PROGRAM;
import static dev.wxauth.emulator.WeChatFlows.MINI_PROGRAM_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cgi-bin/token} (a new token per call) and {@code cgi-bin/stable_token} (the same token unless forced),
 * checked through an API that needs the token.
 */
class AppAccessTokenTests {

	private final WeChatEmulator emulator = SharedEmulator.get();

	private final EmulatorHttp http = new EmulatorHttp(this.emulator.baseUrl());

	@BeforeEach
	void reset() {
		this.emulator.reset();
	}

	@Test
	void tokenWhenGrantTypeWrongThen40002() {
		assertError(this.http.get(query("/cgi-bin/token", "grant_type", "authorization_code", "appid", MINI_PROGRAM,
				"secret", MINI_PROGRAM_SECRET)), 40002);
	}

	@Test
	void tokenWhenSecretWrongThen40125() {
		assertError(this.http.get(query("/cgi-bin/token", "grant_type", "client_credential", "appid", MINI_PROGRAM,
				"secret", "wrong")), 40125);
	}

	@Test
	void tokenWhenCalledTwiceThenNewTokenEachTimeBothStillValid() {
		JsonNode first = token().json();
		JsonNode second = token().json();
		assertThat(first.has("errcode")).isFalse();
		assertThat(first.path("expires_in").asInt()).isEqualTo(7200);
		assertThat(second.path("access_token").asString()).isNotEqualTo(first.path("access_token").asString());
		// The previous token keeps working for a few minutes, so that other instances can switch over.
		assertThat(phoneNumberErrcode(first.path("access_token").asString())).isZero();
		assertThat(phoneNumberErrcode(second.path("access_token").asString())).isZero();
	}

	@Test
	void stableTokenWhenBodyNotJsonThen47001() {
		assertError(this.http.post("/cgi-bin/stable_token", "grant_type=client_credential"), 47001);
	}

	@Test
	void stableTokenWhenAppidMissingThen41002() {
		assertError(this.http.post("/cgi-bin/stable_token",
				"{\"grant_type\":\"client_credential\",\"secret\":\"" + MINI_PROGRAM_SECRET + "\"}"), 41002);
	}

	@Test
	void stableTokenWhenCalledTwiceThenSameToken() {
		JsonNode first = stableToken(false).json();
		JsonNode second = stableToken(false).json();
		assertThat(first.path("access_token").asString()).isNotEmpty();
		assertThat(second.path("access_token").asString()).isEqualTo(first.path("access_token").asString());
		assertThat(second.path("expires_in").asInt()).isBetween(7190, 7200);
		assertThat(phoneNumberErrcode(first.path("access_token").asString())).isZero();
	}

	@Test
	void stableTokenWhenJsonLabelledAsFormThenStillRead() {
		String body = "{\"grant_type\":\"client_credential\",\"appid\":\"" + MINI_PROGRAM + "\",\"secret\":\""
				+ MINI_PROGRAM_SECRET + "\"}";
		EmulatorHttp.Reply reply = this.http.post("/cgi-bin/stable_token", body, "application/x-www-form-urlencoded");
		assertThat(reply.text("access_token")).as(reply.body()).isNotEmpty();
	}

	@Test
	void stableTokenWhenForceRefreshThenNewTokenAndOldOneInvalid() {
		String old = stableToken(false).text("access_token");
		String fresh = stableToken(true).text("access_token");
		assertThat(fresh).isNotEqualTo(old);
		assertThat(phoneNumberErrcode(old)).isEqualTo(40001);
		assertThat(phoneNumberErrcode(fresh)).isZero();
	}

	@Test
	void stableTokenWhenSecretResetThenOldSecret40125AndNewOneWorksUntilEmulatorReset() {
		this.emulator.resetSecret(MINI_PROGRAM, "secret-after-reset");
		assertError(stableToken(false), 40125);
		assertThat(stableToken("secret-after-reset").json()
			.has("access_token")).isTrue();
		this.emulator.reset();
		assertThat(stableToken(false).json().has("access_token")).isTrue();
	}

	@Test
	void stableTokenWhenSecretFrozenOverHttpThen40243UntilSecretReset() {
		EmulatorHttp.Reply frozen = this.http.post("/emulator/apps/" + MINI_PROGRAM, "{\"secret_frozen\":true}");
		assertThat(frozen.status()).isEqualTo(200);
		assertError(stableToken(false), 40243);
		assertError(token(), 40243);
		this.http.post("/emulator/apps/" + MINI_PROGRAM, "{\"secret\":\"secret-after-reset\"}");
		assertThat(stableToken("secret-after-reset").json().has("access_token")).isTrue();
	}

	@Test
	void stableTokenWhenCallerNotOnAllowListThen40164() {
		this.emulator.allowIps(MINI_PROGRAM, "192.0.2.1");
		assertError(stableToken(false), 40164);
		this.emulator.allowIps(MINI_PROGRAM, "127.0.0.1");
		assertThat(stableToken(false).json().has("access_token")).isTrue();
	}

	@Test
	void changeAppWhenUnknownAppidThen404AndWhenFieldMistypedThen400() {
		assertThat(this.http.post("/emulator/apps/wxunknown", "{\"secret\":\"s\"}").status()).isEqualTo(404);
		assertThat(this.http.post("/emulator/apps/" + MINI_PROGRAM, "{\"secret_frozen\":\"yes\"}").status())
			.isEqualTo(400);
	}

	private EmulatorHttp.Reply stableToken(String secret) {
		return this.http.post("/cgi-bin/stable_token", "{\"grant_type\":\"client_credential\",\"appid\":\""
				+ MINI_PROGRAM + "\",\"secret\":\"" + secret + "\"}");
	}

	private EmulatorHttp.Reply token() {
		return this.http.get(query("/cgi-bin/token", "grant_type", "client_credential", "appid", MINI_PROGRAM,
				"secret", MINI_PROGRAM_SECRET));
	}

	private EmulatorHttp.Reply stableToken(boolean forceRefresh) {
		return this.http.post("/cgi-bin/stable_token", "{\"grant_type\":\"client_credential\",\"appid\":\""
				+ MINI_PROGRAM + "\",\"secret\":\"" + MINI_PROGRAM_SECRET + "\",\"force_refresh\":" + forceRefresh
				+ "}");
	}

	private int phoneNumberErrcode(String accessToken) {
		String body = "{\"code\":\"" + this.emulator.mintPhoneCode(MINI_PROGRAM, "alice") + "\"}";
		return this.http.post(query("/wxa/business/getuserphonenumber", "access_token", accessToken), body).errcode();
	}

}
