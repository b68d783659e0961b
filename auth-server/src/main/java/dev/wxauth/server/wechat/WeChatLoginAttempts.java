package dev.wxauth.server.wechat;

import java.util.UUID;

import dev.wxauth.server.audit.LoginAttempt;
import dev.wxauth.server.audit.LoginOutcome;
import dev.wxauth.server.audit.LoginRefusedException;
import dev.wxauth.server.oauth2.TooManyRequestsError;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * A login through one of our WeChat apps as metrics and login events see it, and why it failed in their words: the
 * one place that reads WeChat's failure (its kind and errcode) behind the RFC error a client sees, so that an
 * operator can tell WeChat being busy from our AppSecret being wrong, or a disabled person from a declined login.
 */
public final class WeChatLoginAttempts {

	private WeChatLoginAttempts() {
	}

	/** @param clientId the client the person signed in for, {@code null} when none waited */
	public static LoginAttempt succeeded(WeChatApp app, @Nullable String clientId, UUID userId, boolean newUser) {
		return LoginAttempt.succeeded(app.kind().id(), app.name(), clientId, userId, newUser);
	}

	/** The person declined at WeChat, which then sends them back without a code or an error. */
	public static LoginAttempt declined(WeChatApp app, @Nullable String clientId) {
		return LoginAttempt.failed(app.kind().id(), app.name(), clientId, LoginOutcome.DENIED,
				"WeChat's callback carries no code: the person declined");
	}

	/** A failure named by {@link #outcomeOf}. */
	public static LoginAttempt failed(WeChatApp app, @Nullable String clientId, Throwable failure) {
		return LoginAttempt.failed(app.kind().id(), app.name(), clientId, outcomeOf(failure), reasonOf(failure));
	}

	public static LoginOutcome outcomeOf(Throwable failure) {
		LoginRefusedException refusal = find(failure, LoginRefusedException.class);
		if (refusal != null) {
			return refusal.outcome();
		}
		WeChatException weChat = find(failure, WeChatException.class);
		if (weChat != null) {
			return switch (weChat.kind()) {
				case UNAVAILABLE -> (weChat.errcode() != 0) ? LoginOutcome.UPSTREAM_BUSY
						: LoginOutcome.UPSTREAM_UNREACHABLE;
				case INVALID_GRANT -> LoginOutcome.INVALID_CODE;
				case DENIED -> LoginOutcome.DENIED;
				case MISCONFIGURED -> LoginOutcome.UPSTREAM_ERROR;
			};
		}
		if (failure instanceof OAuth2AuthenticationException oauth2 && oauth2.getError() instanceof TooManyRequestsError) {
			return LoginOutcome.RATE_LIMITED;
		}
		if (failure instanceof OAuth2AuthenticationException oauth2) {
			return switch (oauth2.getError().getErrorCode()) {
				case OAuth2ErrorCodes.INVALID_GRANT -> LoginOutcome.INVALID_CODE;
				case OAuth2ErrorCodes.ACCESS_DENIED -> LoginOutcome.DENIED;
				case OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE -> LoginOutcome.UPSTREAM_BUSY;
				case OAuth2ErrorCodes.SERVER_ERROR -> LoginOutcome.SERVER_ERROR;
				default -> LoginOutcome.INVALID_CALLBACK;
			};
		}
		return LoginOutcome.SERVER_ERROR;
	}

	/**
	 * Words for an operator: WeChat's API and errcode, or our refusal; never a code, token or id, which no message
	 * of ours carries.
	 */
	public static String reasonOf(Throwable failure) {
		WeChatException weChat = find(failure, WeChatException.class);
		if (weChat != null) {
			return weChat.getMessage();
		}
		if (failure instanceof OAuth2AuthenticationException oauth2) {
			String description = oauth2.getError().getDescription();
			return (description != null) ? oauth2.getError().getErrorCode() + ": " + description
					: oauth2.getError().getErrorCode();
		}
		return failure.getClass().getSimpleName();
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
