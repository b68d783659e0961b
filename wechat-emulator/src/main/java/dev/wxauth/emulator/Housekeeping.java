package dev.wxauth.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides when a store may drop long-expired entries, so that a dev-mode emulator running for days does not grow
 * without bound. An entry is kept for an hour past its expiry, so that using it still gets "expired" rather than
 * "invalid"; after that WeChat has forgotten it too.
 */
final class Housekeeping {

	private static final Duration INTERVAL = Duration.ofMinutes(1);

	private static final Duration RETENTION = Duration.ofHours(1);

	private final AtomicReference<Instant> nextSweep = new AtomicReference<>(Instant.MIN);

	/** Whether the caller should sweep now; true for one caller at most once a minute. */
	boolean sweepDue(Instant now) {
		Instant next = this.nextSweep.get();
		return !now.isBefore(next) && this.nextSweep.compareAndSet(next, now.plus(INTERVAL));
	}

	static boolean forgettable(Instant expiresAt, Instant now) {
		return expiresAt.plus(RETENTION).isBefore(now);
	}

}
