package dev.wxauth.server.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A login attempt as the login event log keeps it: when, from where, and how it went.
 *
 * @param id increasing with time once stored: the order of the log; {@code 0} before
 * @param ipAddress the address the request came from (as the forwarded headers say, when configured to trust them)
 * @param userAgent the browser's or app's {@code User-Agent}, truncated
 */
public record LoginEvent(long id, Instant occurredAt, LoginAttempt attempt, @Nullable String ipAddress,
		@Nullable String userAgent) {
}
