package dev.wxauth.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Says yes at most once a minute: for a warning that would otherwise repeat with every event or every attempt. */
final class OncePerMinute {

	private static final long MINUTE = Duration.ofMinutes(1).toMillis();

	private final Clock clock;

	private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);

	OncePerMinute(Clock clock) {
		this.clock = clock;
	}

	boolean due() {
		long now = this.clock.millis();
		long due = this.next.get();
		return now >= due && this.next.compareAndSet(due, now + MINUTE);
	}

}
