package dev.wxauth.server.web;

import java.util.Arrays;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * What a failed browser login says, to the client (RFC 6749 §4.1.2.1) and on our login page: one of three standard
 * codes, whatever the upstream or the framework said, each with the message key of its explanation.
 */
enum LoginError {

	ACCESS_DENIED(OAuth2ErrorCodes.ACCESS_DENIED, "login.error.denied"),

	TEMPORARILY_UNAVAILABLE(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, "login.error.unavailable"),

	SERVER_ERROR(OAuth2ErrorCodes.SERVER_ERROR, "login.error.server");

	private final String errorCode;

	private final String messageKey;

	LoginError(String errorCode, String messageKey) {
		this.errorCode = errorCode;
		this.messageKey = messageKey;
	}

	String errorCode() {
		return this.errorCode;
	}

	/** For the login page's template. */
	public String getMessageKey() {
		return this.messageKey;
	}

	/** The error for {@code errorCode}; anything else means the login did not happen: {@link #ACCESS_DENIED}. */
	static LoginError of(String errorCode) {
		return Arrays.stream(values())
			.filter((error) -> error.errorCode.equals(errorCode))
			.findFirst()
			.orElse(ACCESS_DENIED);
	}

}
