package dev.wxauth.server.audit;

import java.time.Clock;

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

	private final MeterRegistry registry;

	private final LoginEventLog log;

	private final Clock clock;

	public LoginEvents(MeterRegistry registry, LoginEventLog log, Clock clock) {
		Assert.notNull(registry, "registry cannot be null");
		Assert.notNull(log, "log cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.registry = registry;
		this.log = log;
		this.clock = clock;
	}

	public void record(LoginAttempt attempt) {
		Assert.notNull(attempt, "attempt cannot be null");
		Counter.builder("wxauth.logins")
			.tag("flow", attempt.flow())
			.tag("app", attempt.app())
			.tag("client", (attempt.client() != null) ? attempt.client() : "none")
			.tag("outcome", attempt.outcome().id())
			.tag("user", (attempt.outcome() != LoginOutcome.SUCCESS) ? "none" : attempt.newUser() ? "new" : "returning")
			.register(this.registry)
			.increment();
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
