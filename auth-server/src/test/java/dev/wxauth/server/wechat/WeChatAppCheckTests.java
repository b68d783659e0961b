package dev.wxauth.server.wechat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator is told for each errcode a credentials check meets; the calls themselves are tested against the
 * emulator in {@code WeChatAppAdminApiTests}.
 */
class WeChatAppCheckTests {

	@ParameterizedTest
	@CsvSource({ "40013, WRONG_APPID", "40001, WRONG_SECRET", "40125, WRONG_SECRET", "40243, SECRET_FROZEN",
			"40164, IP_NOT_ALLOWED", "61004, IP_NOT_ALLOWED", "48001, NOT_PERMITTED", "-1, UNAVAILABLE",
			"45009, UNAVAILABLE", "99999, OTHER" })
	void outcomeOfErrcode(int errcode, WeChatAppCheck.Outcome outcome) {
		WeChatException failure = new WeChatException(WeChatErrorCodes.kindOf(errcode), errcode, "errcode " + errcode);

		assertThat(WeChatAppCheck.outcomeOf(failure)).isEqualTo(outcome);
		assertThat(outcome.words()).isNotBlank();
	}

	@ParameterizedTest
	@CsvSource({ "wrong-secret, WRONG_SECRET", "ip-not-allowed, IP_NOT_ALLOWED", "ok, OK" })
	void outcomeId(String id, WeChatAppCheck.Outcome outcome) {
		assertThat(outcome.id()).isEqualTo(id);
	}

}
