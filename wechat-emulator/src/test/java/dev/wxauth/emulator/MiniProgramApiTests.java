package dev.wxauth.emulator;

import java.time.Instant;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.wxauth.emulator.EmulatorHttp.query;
import static dev.wxauth.emulator.SnsApiTests.assertError;
import static dev.wxauth.emulator.WeChatFlows.MINI_PROGRAM;
import static dev.wxauth.emulator.WeChatFlows.MINI_PROGRAM_SECRET;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code sns/jscode2session} and {@code wxa/business/getuserphonenumber}, with codes minted as {@code wx.login}
 * and the {@code getPhoneNumber} button would.
 */
class MiniProgramApiTests {

	private final WeChatEmulator emulator = SharedEmulator.get();

	private final EmulatorHttp http = new EmulatorHttp(this.emulator.baseUrl());

	private final WeChatFlows flows = new WeChatFlows(this.http);

	@BeforeEach
	void reset() {
		this.emulator.reset();
	}

	@Test
	void mintJsCodeWhenAppIsNotMiniProgramThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.emulator.mintJsCode(WEBSITE, "alice"))
			.withMessageContaining("MINI_PROGRAM");
	}

	@Test
	void mintPhoneCodeWhenUserHasNoPhoneNumberThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.emulator.mintPhoneCode(MINI_PROGRAM, "snapshot"));
	}

	@Test
	void jscode2sessionWhenAppidMissingThen41002() {
		assertError(this.flows.jscode2session(null, MINI_PROGRAM_SECRET, "code"), 41002);
	}

	@Test
	void jscode2sessionWhenSecretMissingThen41004() {
		assertError(this.flows.jscode2session(MINI_PROGRAM, null, "code"), 41004);
	}

	@Test
	void jscode2sessionWhenJsCodeMissingThen41008() {
		assertError(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, null), 41008);
	}

	@Test
	void jscode2sessionWhenGrantTypeMissingThen40002() {
		assertError(this.http.get(query("/sns/jscode2session", "appid", MINI_PROGRAM, "secret", MINI_PROGRAM_SECRET,
				"js_code", this.emulator.mintJsCode(MINI_PROGRAM, "alice"))), 40002);
	}

	@Test
	void jscode2sessionWhenAppidUnknownThen40013() {
		assertError(this.flows.jscode2session("wxunknown", MINI_PROGRAM_SECRET, "code"), 40013);
	}

	@Test
	void jscode2sessionWhenSecretWrongThen40125() {
		assertError(this.flows.jscode2session(MINI_PROGRAM, WEBSITE_SECRET, "code"), 40125);
	}

	@Test
	void jscode2sessionWhenCodeUnknownThen40029() {
		assertError(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, "not-a-code"), 40029);
	}

	@Test
	void jscode2sessionWhenAuthorizeCodeOfWebsiteThen40029() {
		String code = this.flows.authorize(WEBSITE, "snsapi_login", "alice");
		assertError(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, code), 40029);
	}

	@Test
	void jscode2sessionWhenCodeUsedThen40163() {
		String code = this.emulator.mintJsCode(MINI_PROGRAM, "alice");
		assertThat(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, code).json().has("openid")).isTrue();
		assertError(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, code), 40163);
	}

	@Test
	void jscode2sessionWhenCodeValidThenIdsAndNewSessionKeyEachTime() {
		EmulatorHttp.Reply first = this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET,
				this.emulator.mintJsCode(MINI_PROGRAM, "alice"));
		assertThat(first.contentType()).isEqualTo("application/json; encoding=utf-8");
		JsonNode body = first.json();
		assertThat(body.has("errcode")).isFalse();
		assertThat(body.path("openid").asString()).isEqualTo(this.emulator.openid(MINI_PROGRAM, "alice"));
		assertThat(body.path("unionid").asString()).isEqualTo(this.emulator.unionid(MINI_PROGRAM, "alice"));
		assertThat(Base64.getDecoder().decode(body.path("session_key").asString())).hasSize(16);
		String second = this.flows
			.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, this.emulator.mintJsCode(MINI_PROGRAM, "alice"))
			.text("session_key");
		assertThat(second).isNotEqualTo(body.path("session_key").asString());
	}

	@Test
	void getuserphonenumberWhenAccessTokenMissingThen41001() {
		assertError(this.http.post("/wxa/business/getuserphonenumber", "{\"code\":\"x\"}"), 41001);
	}

	@Test
	void getuserphonenumberWhenAccessTokenUnknownThen40001() {
		assertError(phoneNumber("not-a-token", "{\"code\":\"x\"}"), 40001);
	}

	@Test
	void getuserphonenumberWhenBodyNotJsonThen47001() {
		String accessToken = this.flows.appAccessToken(MINI_PROGRAM, MINI_PROGRAM_SECRET);
		EmulatorHttp.Reply reply = phoneNumber(accessToken, "code=abc");
		assertError(reply, 47001);
		assertThat(reply.text("errmsg")).startsWith("data format error, rid: ");
	}

	@Test
	void getuserphonenumberWhenCodeUnknownThen40029() {
		String accessToken = this.flows.appAccessToken(MINI_PROGRAM, MINI_PROGRAM_SECRET);
		assertError(phoneNumber(accessToken, "{\"code\":\"not-a-code\"}"), 40029);
	}

	@Test
	void getuserphonenumberWhenCodeUsedThen40029() {
		String accessToken = this.flows.appAccessToken(MINI_PROGRAM, MINI_PROGRAM_SECRET);
		String body = "{\"code\":\"" + this.emulator.mintPhoneCode(MINI_PROGRAM, "bob") + "\"}";
		assertThat(phoneNumber(accessToken, body).errcode()).isZero();
		assertError(phoneNumber(accessToken, body), 40029);
	}

	@Test
	void getuserphonenumberWhenCodeIsAJsCodeThen40029() {
		String accessToken = this.flows.appAccessToken(MINI_PROGRAM, MINI_PROGRAM_SECRET);
		String body = "{\"code\":\"" + this.emulator.mintJsCode(MINI_PROGRAM, "bob") + "\"}";
		assertError(phoneNumber(accessToken, body), 40029);
	}

	@Test
	void getuserphonenumberWhenOpenidOfAnotherUserThen40003() {
		String accessToken = this.flows.appAccessToken(MINI_PROGRAM, MINI_PROGRAM_SECRET);
		String body = "{\"code\":\"" + this.emulator.mintPhoneCode(MINI_PROGRAM, "bob") + "\",\"openid\":\""
				+ this.emulator.openid(MINI_PROGRAM, "alice") + "\"}";
		assertError(phoneNumber(accessToken, body), 40003);
	}

	@Test
	void getuserphonenumberWhenCodeValidThenPhoneInfoWithWatermark() {
		String accessToken = this.flows.appAccessToken(MINI_PROGRAM, MINI_PROGRAM_SECRET);
		String body = "{\"code\":\"" + this.emulator.mintPhoneCode(MINI_PROGRAM, "alice") + "\",\"openid\":\""
				+ this.emulator.openid(MINI_PROGRAM, "alice") + "\"}";
		long before = Instant.now().getEpochSecond();
		EmulatorHttp.Reply reply = phoneNumber(accessToken, body);
		assertThat(reply.contentType()).isEqualTo("application/json; encoding=utf-8");
		JsonNode answer = reply.json();
		assertThat(answer.path("errcode").asInt(-99)).isZero();
		assertThat(answer.path("errmsg").asString()).isEqualTo("ok");
		JsonNode phoneInfo = answer.path("phone_info");
		assertThat(phoneInfo.path("phoneNumber").asString()).isEqualTo("13800138000");
		assertThat(phoneInfo.path("purePhoneNumber").asString()).isEqualTo("13800138000");
		assertThat(phoneInfo.path("countryCode").isNumber()).isTrue();
		assertThat(phoneInfo.path("countryCode").asInt()).isEqualTo(86);
		assertThat(phoneInfo.path("watermark").path("appid").asString()).isEqualTo(MINI_PROGRAM);
		assertThat(phoneInfo.path("watermark").path("timestamp").asLong()).isBetween(before,
				Instant.now().getEpochSecond());
	}

	private EmulatorHttp.Reply phoneNumber(String accessToken, String body) {
		return this.http.post(query("/wxa/business/getuserphonenumber", "access_token", accessToken), body);
	}

}
