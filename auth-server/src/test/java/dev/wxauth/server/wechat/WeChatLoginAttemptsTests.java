package dev.wxauth.server.wechat;

import java.net.SocketTimeoutException;

import dev.wxauth.server.audit.LoginOutcome;
import dev.wxauth.server.audit.LoginRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a failed login is called in metrics and login events: WeChat's errcodes by their meaning, our refusals by
 * their rule, whatever RFC error the client saw.
 */
class WeChatLoginAttemptsTests {

	@ParameterizedTest
	@CsvSource({ "-1, UPSTREAM_BUSY", "45011, UPSTREAM_BUSY", "40029, INVALID_CODE", "40163, INVALID_CODE",
			"40226, DENIED", "40125, UPSTREAM_ERROR", "40164, UPSTREAM_ERROR", "99999, UPSTREAM_ERROR" })
	void outcomeWhenWeChatAnsweredAnErrcodeThenByItsMeaning(int errcode, LoginOutcome outcome) {
		WeChatException failure = new WeChatException(WeChatErrorCodes.kindOf(errcode), errcode,
				"WeChat /sns/jscode2session errcode " + errcode);

		assertThat(WeChatLoginAttempts.outcomeOf(failure)).isEqualTo(outcome);
		assertThat(WeChatLoginAttempts.outcomeOf(failure.toOAuth2Exception())).as("behind the RFC error")
			.isEqualTo(outcome);
		assertThat(WeChatLoginAttempts.reasonOf(failure.toOAuth2Exception()))
			.isEqualTo("WeChat /sns/jscode2session errcode " + errcode);
	}

	@Test
	void outcomeWhenWeChatDidNotAnswerThenUnreachable() {
		WeChatException timeout = new WeChatException(WeChatException.Kind.UNAVAILABLE, "WeChat /sns/x timed out",
				new SocketTimeoutException("Read timed out"));

		assertThat(WeChatLoginAttempts.outcomeOf(timeout.toOAuth2Exception()))
			.isEqualTo(LoginOutcome.UPSTREAM_UNREACHABLE);
		assertThat(timeout.isTimeout()).isTrue();
	}

	@Test
	void outcomeWhenOurRuleRefusedThenThatRule() {
		LoginRefusedException refusal = new LoginRefusedException(LoginOutcome.USER_DISABLED,
				"This account is disabled");

		assertThat(WeChatLoginAttempts.outcomeOf(refusal)).isEqualTo(LoginOutcome.USER_DISABLED);
		assertThat(refusal.getError().getErrorCode()).as("the client sees the standard error").isEqualTo("access_denied");
		assertThat(WeChatLoginAttempts.reasonOf(refusal)).isEqualTo("access_denied: This account is disabled");
	}

	@ParameterizedTest
	@CsvSource({ "invalid_grant, INVALID_CODE", "access_denied, DENIED", "invalid_state_parameter, INVALID_CALLBACK",
			"server_error, SERVER_ERROR" })
	void outcomeWhenOnlyAnRfcErrorThenByItsCode(String errorCode, LoginOutcome outcome) {
		assertThat(WeChatLoginAttempts
			.outcomeOf(new OAuth2AuthenticationException(new OAuth2Error(errorCode, "described", null))))
			.isEqualTo(outcome);
	}

	@Test
	void outcomeWhenOurDatabaseFailedThenServerError() {
		assertThat(WeChatLoginAttempts.outcomeOf(new DataAccessResourceFailureException("connection refused")))
			.isEqualTo(LoginOutcome.SERVER_ERROR);
	}

}
