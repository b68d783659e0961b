package dev.wxauth.server.wechat;

import java.net.SocketTimeoutException;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * WeChat did not give what we asked for. {@link #kind()} says what that means for us; {@link #errcode()} is
 * WeChat's own code (0 when WeChat did not answer at all), for logs and nothing else. {@link Kind} is the one table
 * from an upstream failure to the RFC error every endpoint answers with (the HTTP status follows from the error
 * code, see {@code OAuth2ErrorResponses}); nothing outside the WeChat unit looks at a kind or an errcode.
 */
public final class WeChatException extends RuntimeException {

	private final Kind kind;

	private final int errcode;

	WeChatException(Kind kind, int errcode, String message) {
		super(message);
		this.kind = kind;
		this.errcode = errcode;
	}

	WeChatException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.errcode = 0;
	}

	public Kind kind() {
		return this.kind;
	}

	public int errcode() {
		return this.errcode;
	}

	/** WeChat did not answer within our timeout. */
	public boolean isTimeout() {
		return getCause() instanceof SocketTimeoutException;
	}

	/** WeChat says the app access token used is invalid, expired or not the latest (40001, 40014, 42001). */
	public boolean isAccessTokenRejected() {
		return this.errcode == 40001 || this.errcode == 40014 || this.errcode == 42001;
	}

	/** The standard OAuth error our clients see instead of WeChat's errcode. */
	public OAuth2Error toOAuth2Error() {
		return new OAuth2Error(this.kind.oauth2ErrorCode, this.kind.description, null);
	}

	/** This failure as the rest of the server sees it: an RFC error code, WeChat's errcode kept as the cause only. */
	public OAuth2AuthenticationException toOAuth2Exception() {
		return new OAuth2AuthenticationException(toOAuth2Error(), this);
	}

	/** What a WeChat failure means for us. */
	public enum Kind {

		/** Busy, rate-limited, timed out, unreadable: try again later. */
		UNAVAILABLE(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, "WeChat is temporarily unavailable"),

		/** The code (or refresh token) is unknown, expired or already used. */
		INVALID_GRANT(OAuth2ErrorCodes.INVALID_GRANT, "The WeChat code is invalid, expired or already used"),

		/** The person refused, or WeChat refuses this person (high-risk user, snapshot-mode user). */
		DENIED(OAuth2ErrorCodes.ACCESS_DENIED, "WeChat did not authorize the sign-in"),

		/** Our own WeChat configuration is wrong (appid, secret, IP whitelist, missing permission). */
		MISCONFIGURED(OAuth2ErrorCodes.SERVER_ERROR, "The WeChat app is misconfigured on this server");

		private final String oauth2ErrorCode;

		private final String description;

		Kind(String oauth2ErrorCode, String description) {
			this.oauth2ErrorCode = oauth2ErrorCode;
			this.description = description;
		}

	}

}
