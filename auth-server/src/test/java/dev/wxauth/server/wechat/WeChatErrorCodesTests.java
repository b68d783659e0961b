package dev.wxauth.server.wechat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WeChatErrorCodes}: each listed errcode's kind, the fallback for the others, and which errcode is retried.
 */
class WeChatErrorCodesTests {

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, -2, 40001, 41002, 48001, 61451, 99999 })
	void kindOfWhenNotListedThenMisconfigured(int errcode) {
		assertThat(WeChatErrorCodes.kindOf(errcode)).isEqualTo(WeChatException.Kind.MISCONFIGURED);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -2, 45009, 45011, 40029, 40163, 50002 })
	void isRetryableWhenNotBusyThenFalse(int errcode) {
		assertThat(WeChatErrorCodes.isRetryable(errcode)).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "-1, UNAVAILABLE", "45009, UNAVAILABLE", "45011, UNAVAILABLE", "40029, INVALID_GRANT",
			"40163, INVALID_GRANT", "42003, INVALID_GRANT", "40030, INVALID_GRANT", "42002, INVALID_GRANT",
			"40003, INVALID_GRANT", "40226, DENIED", "50001, DENIED", "50002, DENIED", "40013, MISCONFIGURED",
			"40125, MISCONFIGURED", "40243, MISCONFIGURED", "40164, MISCONFIGURED", "61004, MISCONFIGURED" })
	void kindOfWhenListedThenItsKind(int errcode, WeChatException.Kind kind) {
		assertThat(WeChatErrorCodes.kindOf(errcode)).isEqualTo(kind);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "40243 | frozen", "40164 | IP allow-list", "61004 | IP allow-list",
			"40125 | AppSecret is wrong", "40013 | appid is wrong", "48001 | check the app's appid, secret" })
	void operatorActionWhenMisconfiguredThenSaysWhatToDo(int errcode, String action) {
		assertThat(WeChatErrorCodes.operatorAction(errcode)).contains(action);
	}

	@Test
	void isRetryableWhenBusyThenTrue() {
		assertThat(WeChatErrorCodes.BUSY).isEqualTo(-1);
		assertThat(WeChatErrorCodes.isRetryable(-1)).isTrue();
	}

}
