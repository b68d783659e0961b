package dev.wxauth.server.audit;

import java.time.Clock;

import dev.wxauth.server.metrics.MeterCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Where every login through WeChat is told once it ended: counted ({@code wxauth_logins_total}, by flow, app,
 * client, outcome and whether the user is new) and kept in the login event log with the request's address and
 * {@code User-Agent}, read from the request being served.
 */
public final class LoginEvents {

	static final int USER_AGENT_MAX_LENGTH = 256;

	private final MeterCache<Counter> logins;

	private final LoginEventLog log;

	private final Clock clock;

	public LoginEvents(MeterRegistry registry, LoginEventLog log, Clock clock) {
		Assert.notNull(registry, "registry cannot be null");
		Assert.notNull(log, "log cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.logins = new MeterCache<>((tags) -> Counter.builder("wxauth.logins")
			.tag("flow", tags.get(0))
			.tag("app", tags.get(1))
			.tag("client", tags.get(2))
			.tag("outcome", tags.get(3))
			.tag("user", tags.get(4))
			.register(registry));
		this.log = log;
		this.clock = clock;
	}

	public void record(LoginAttempt attempt) {
		Assert.notNull(attempt, "attempt cannot be null");
		String client = (attempt.client() != null) ? attempt.client() : "none";
		String user = (attempt.outcome() != LoginOutcome.SUCCESS) ? "none" : attempt.newUser() ? "new" : "returning";
		this.logins.get(attempt.flow(), attempt.app(), client, attempt.outcome().id(), user).increment();
		HttpServletRequest request = currentRequest();
		this.log.append(new LoginEvent(0, this.clock.instant(), attempt,
				(request != null) ? request.getRemoteAddr() : null,
				(request != null) ? truncated(request.getHeader(HttpHeaders.USER_AGENT)) : null));
	}

	private static @Nullable HttpServletRequest currentRequest() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getRequest() : null;
	}

	private static @Nullable String truncated(@Nullable String userAgent) {
		return (userAgent != null && userAgent.length() > USER_AGENT_MAX_LENGTH)
				? userAgent.substring(0, USER_AGENT_MAX_LENGTH) : userAgent;
	}

}
