package dev.wxauth.server.oauth2;

import java.io.Serial;
import java.time.Duration;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.Assert;

/**
 * A rate limit's refusal: {@code temporarily_unavailable}, the one OAuth error code that tells a client to ask again
 * later, answered with 429 and a {@code Retry-After} of when it may (RFC 6585 §4) by {@link OAuth2ErrorResponses}.
 */
public final class TooManyRequestsError extends OAuth2Error {

	@Serial
	private static final long serialVersionUID = 1L;

	private final Duration retryAfter;

	/** @param retryAfter how long until the limit admits a request again */
	public TooManyRequestsError(String description, Duration retryAfter) {
		super(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, description, null);
		Assert.isTrue(retryAfter.isPositive(), "retryAfter must be positive");
		this.retryAfter = retryAfter;
	}

	/** {@code Retry-After} in whole seconds, rounded up: never sooner than the limit admits. */
	public long retryAfterSeconds() {
		return Math.max(1, this.retryAfter.plusNanos(999_999_999).getSeconds());
	}

}
