package dev.wxauth.emulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import static dev.wxauth.emulator.EmulatorHttp.query;
import static dev.wxauth.emulator.SnsApiTests.assertError;
import static dev.wxauth.emulator.WeChatFlows.MINI_PROGRAM;
import static dev.wxauth.emulator.WeChatFlows.MINI_PROGRAM_SECRET;
import static dev.wxauth.emulator.WeChatFlows.OFFICIAL_ACCOUNT;
import static dev.wxauth.emulator.WeChatFlows.OFFICIAL_ACCOUNT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code /emulator/} controls: faults (through HTTP and Java), call counts, minted codes, reset.
 */
class EmulatorControlTests {

	private static final String JSCODE2SESSION = "/sns/jscode2session";

	private final WeChatEmulator emulator = SharedEmulator.get();

	private final EmulatorHttp http = new EmulatorHttp(this.emulator.baseUrl());

	private final WeChatFlows flows = new WeChatFlows(this.http);

	@BeforeEach
	void reset() {
		this.emulator.reset();
	}

	@Test
	void injectFaultWhenFaultUnknownThen400() {
		EmulatorHttp.Reply reply = this.http.post("/emulator/faults",
				"{\"path\":\"/sns/oauth2/access_token\",\"fault\":\"SLOW\",\"count\":1}");
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.text("error")).contains("BUSY");
	}

	@Test
	void injectFaultWhenPathNotAPathThen400() {
		assertThat(this.http.post("/emulator/faults", "{\"path\":\"sns/auth\",\"fault\":\"BUSY\"}").status())
			.isEqualTo(400);
	}

	@Test
	void injectFaultWhenCountNotPositiveThen400() {
		assertThat(this.http.post("/emulator/faults", "{\"path\":\"/sns/auth\",\"fault\":\"BUSY\",\"count\":0}")
			.status()).isEqualTo(400);
	}

	@Test
	void injectFaultWhenBodyNotJsonThen400() {
		assertThat(this.http.post("/emulator/faults", "path=/sns/auth").status()).isEqualTo(400);
	}

	@Test
	void injectFaultWhenBusyTwiceOverHttpThenTwoErrcodeMinus1ThenNormalAndThreeCalls() {
		EmulatorHttp.Reply injected = this.http.post("/emulator/faults",
				"{\"path\":\"" + JSCODE2SESSION + "\",\"fault\":\"BUSY\",\"count\":2}");
		assertThat(injected.status()).isEqualTo(200);
		String code = this.emulator.mintJsCode(MINI_PROGRAM, "alice");
		EmulatorHttp.Reply busy = this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, code);
		assertError(busy, -1);
		assertThat(busy.text("errmsg")).startsWith("system error, rid: ");
		assertError(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, code), -1);
		// The faulted calls never reached the API: the code is still unused.
		assertThat(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, code).json().has("openid")).isTrue();
		assertThat(this.http.get(query("/emulator/calls", "path", JSCODE2SESSION)).json().path("count").asInt())
			.isEqualTo(3);
	}

	@Test
	void injectFaultWhenSeveralForOnePathThenServedInOrder() {
		this.emulator.injectFault(JSCODE2SESSION, Fault.RATE_LIMIT, 1);
		this.emulator.injectFault(JSCODE2SESSION, Fault.BUSY, 1);
		EmulatorHttp.Reply limited = this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, "x");
		assertError(limited, 45011);
		assertThat(limited.text("errmsg")).startsWith("api minute-quota reach limit");
		assertError(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, "x"), -1);
		assertError(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, "x"), 40029);
	}

	@Test
	void injectFaultWhenHttp500ThenServerErrorPage() {
		this.emulator.injectFault(JSCODE2SESSION, Fault.HTTP_500, 1);
		EmulatorHttp.Reply reply = this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, "x");
		assertThat(reply.status()).isEqualTo(500);
		assertThat(reply.contentType()).startsWith("text/html");
	}

	@Test
	void injectFaultWhenMalformedJsonThenBodyDoesNotParse() {
		this.emulator.injectFault(JSCODE2SESSION, Fault.MALFORMED_JSON, 1);
		EmulatorHttp.Reply reply = this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, "x");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).isEqualTo("application/json; encoding=utf-8");
		assertThatExceptionOfType(JacksonException.class).isThrownBy(reply::json);
	}

	@Test
	void injectFaultWhenTextPlainThenNormalUtf8AnswerLabelledTextPlain() {
		String login = this.flows.login(OFFICIAL_ACCOUNT, OFFICIAL_ACCOUNT_SECRET, "snsapi_userinfo", "bob").body();
		String accessToken = EmulatorHttp.JSON.readTree(login).path("access_token").asString();
		this.emulator.injectFault("/sns/userinfo", Fault.TEXT_PLAIN, 1);
		EmulatorHttp.Reply labelled = this.flows.userinfo(accessToken, this.emulator.openid(OFFICIAL_ACCOUNT, "bob"));
		assertThat(labelled.contentType()).isEqualTo("text/plain");
		assertThat(labelled.text("nickname")).isEqualTo("鲍勃 Bob 🐉");
		EmulatorHttp.Reply normal = this.flows.userinfo(accessToken, this.emulator.openid(OFFICIAL_ACCOUNT, "bob"));
		assertThat(normal.contentType()).isEqualTo("application/json; encoding=utf-8");
	}

	@Test
	void clearFaultsWhenDeletedOverHttpThenCallsAnswerNormally() {
		this.emulator.injectFault(JSCODE2SESSION, Fault.BUSY, 5);
		assertThat(this.http.delete("/emulator/faults").status()).isEqualTo(204);
		assertError(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, "x"), 40029);
	}

	@Test
	void callsWhenPathMissingThen400() {
		assertThat(this.http.get("/emulator/calls").status()).isEqualTo(400);
	}

	@Test
	void callsWhenControlsUsedThenNotCounted() {
		this.emulator.mintJsCode(MINI_PROGRAM, "alice");
		this.http.get(query("/emulator/calls", "path", "/emulator/calls"));
		assertThat(this.emulator.calls("/emulator/calls")).isZero();
		assertThat(this.emulator.calls("/emulator/js-code")).isZero();
	}

	@Test
	void mintCodeWhenAppUnknownThen404() {
		EmulatorHttp.Reply reply = this.http.post(query("/emulator/js-code", "appid", "wxunknown", "user", "alice"));
		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.text("error")).contains("wxunknown");
	}

	@Test
	void mintCodeWhenUserUnknownThen404() {
		assertThat(this.http.post(query("/emulator/phone-code", "appid", MINI_PROGRAM, "user", "mallory")).status())
			.isEqualTo(404);
	}

	@Test
	void mintCodeWhenAppOfWrongKindThen400() {
		assertThat(this.http.post(query("/emulator/app-code", "appid", MINI_PROGRAM, "user", "alice")).status())
			.isEqualTo(400);
	}

	@Test
	void mintCodeWhenOverHttpThenCodeRedeemable() {
		EmulatorHttp.Reply minted = this.http.post(query("/emulator/js-code", "appid", MINI_PROGRAM, "user", "bob"));
		assertThat(minted.status()).isEqualTo(200);
		assertThat(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, minted.text("code")).text("openid"))
			.isEqualTo(this.emulator.openid(MINI_PROGRAM, "bob"));
	}

	@Test
	void resetWhenPostedThenCodesFaultsAndCountsForgotten() {
		String code = this.emulator.mintJsCode(MINI_PROGRAM, "alice");
		this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, "x");
		this.emulator.injectFault(JSCODE2SESSION, Fault.BUSY, 1);
		assertThat(this.http.post("/emulator/reset").status()).isEqualTo(204);
		assertThat(this.emulator.calls(JSCODE2SESSION)).isZero();
		assertError(this.flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, code), 40029);
		assertThat(this.emulator.calls(JSCODE2SESSION)).isEqualTo(1);
	}

	@Test
	void jsCodesWhenBulkForLoadUsersThenEachCodeTradesForThatUsersOpenid() {
		EmulatorHttp.Reply reply = this.http.post(query("/emulator/js-codes", "appid", MINI_PROGRAM, "users", "2", "count", "3"), "");

		assertThat(reply.status()).isEqualTo(200);
		var codes = reply.json().get("codes");
		assertThat(codes.size()).isEqualTo(3);
		EmulatorHttp.Reply first = this.http.get(query(JSCODE2SESSION, "appid", MINI_PROGRAM, "secret", MINI_PROGRAM_SECRET,
				"js_code", codes.get(0).asString(), "grant_type", "authorization_code"));
		EmulatorHttp.Reply third = this.http.get(query(JSCODE2SESSION, "appid", MINI_PROGRAM, "secret", MINI_PROGRAM_SECRET,
				"js_code", codes.get(2).asString(), "grant_type", "authorization_code"));
		assertThat(first.text("openid")).isEqualTo(this.emulator.openid(MINI_PROGRAM, "load-0"));
		assertThat(third.text("openid")).as("users wrap around").isEqualTo(first.text("openid"));
	}

	@Test
	void jsCodesWhenCountOutOfRangeThen400() {
		assertThat(this.http.post(query("/emulator/js-codes", "appid", MINI_PROGRAM, "count", "0"), "").status())
			.isEqualTo(400);
	}

}
