package dev.wxauth.server.wechat;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * The last outcome of a WeChat call per app, and when: what an operator opens first when logins through one app
 * fail. Shown in the health details, never a reason to be taken out of the load balancer: with WeChat down, logins
 * answer {@code temporarily_unavailable}, and everything else (refreshes, the APIs' token checks) keeps working.
 */
public final class WeChatCallOutcomes implements HealthIndicator {

	private final Map<String, Outcome> byApp = new ConcurrentHashMap<>();

	private final Clock clock;

	public WeChatCallOutcomes(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/** @param failure what went wrong, {@code null} when WeChat answered as asked */
	void record(WeChatApp app, @Nullable WeChatException failure) {
		this.byApp.put(app.name(), new Outcome(describe(failure), this.clock.instant()));
	}

	private static String describe(@Nullable WeChatException failure) {
		if (failure == null) {
			return "ok";
		}
		if (failure.isTimeout()) {
			return "timeout";
		}
		return (failure.errcode() != 0) ? "errcode " + failure.errcode()
				: (failure.kind() == WeChatException.Kind.UNAVAILABLE ? "unavailable" : "failed");
	}

	/** Always up: WeChat's state is shown, not judged. */
	@Override
	public Health health() {
		Map<String, Object> details = new TreeMap<>();
		this.byApp.forEach((app, outcome) -> details.put(app,
				Map.of("last_outcome", outcome.outcome(), "at", outcome.at().toString())));
		return Health.up().withDetails(details).build();
	}

	private record Outcome(String outcome, Instant at) {
	}

}
