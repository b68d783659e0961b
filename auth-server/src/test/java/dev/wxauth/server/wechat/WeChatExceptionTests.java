package dev.wxauth.server.wechat;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WeChatException}: the RFC error each {@link WeChatException.Kind} becomes, and which errcodes mean the app
 * access token was rejected.
 */
class WeChatExceptionTests {

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 40013, 40029, 40125, 42002, 42007, 45009, 48001 })
	void isAccessTokenRejectedWhenAnyOtherErrcodeThenFalse(int errcode) {
		assertThat(new WeChatException(WeChatException.Kind.MISCONFIGURED, errcode, "WeChat errcode " + errcode)
			.isAccessTokenRejected()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 40001, 40014, 42001 })
	void isAccessTokenRejectedWhenInvalidExpiredOrNotLatestThenTrue(int errcode) {
		assertThat(new WeChatException(WeChatException.Kind.MISCONFIGURED, errcode, "WeChat errcode " + errcode)
			.isAccessTokenRejected()).isTrue();
	}

	@Test
	void errcodeWhenWeChatDidNotAnswerThenZero() {
		IOException cause = new IOException("Connection refused");

		WeChatException failure = new WeChatException(WeChatException.Kind.UNAVAILABLE, "WeChat unreachable", cause);

		assertThat(failure.errcode()).isZero();
		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.getCause()).isSameAs(cause);
		assertThat(failure.isAccessTokenRejected()).isFalse();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "UNAVAILABLE | temporarily_unavailable | WeChat is temporarily unavailable",
			"INVALID_GRANT | invalid_grant | The WeChat code is invalid, expired or already used",
			"DENIED | access_denied | WeChat did not authorize the sign-in",
			"MISCONFIGURED | server_error | The WeChat app is misconfigured on this server" })
	void toOAuth2ErrorThenTheKindsCodeAndDescription(WeChatException.Kind kind, String errorCode, String description) {
		OAuth2Error error = new WeChatException(kind, 40029, "WeChat /sns/oauth2/access_token errcode 40029")
			.toOAuth2Error();

		assertThat(error.getErrorCode()).isEqualTo(errorCode);
		assertThat(error.getDescription()).isEqualTo(description);
		assertThat(error.getUri()).isNull();
	}

	@ParameterizedTest
	@EnumSource(WeChatException.Kind.class)
	void toOAuth2ExceptionThenTheKindsErrorWithTheWeChatExceptionAsCause(WeChatException.Kind kind) {
		WeChatException failure = new WeChatException(kind, 45011, "WeChat /sns/jscode2session errcode 45011");

		OAuth2AuthenticationException exception = failure.toOAuth2Exception();

		assertThat(exception.getError().getErrorCode()).isEqualTo(failure.toOAuth2Error().getErrorCode());
		assertThat(exception.getError().getDescription()).isEqualTo(failure.toOAuth2Error().getDescription());
		assertThat(exception.getError().getDescription()).doesNotContain("45011");
		assertThat(exception.getCause()).isSameAs(failure);
	}

}
