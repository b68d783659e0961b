package dev.wxauth.emulator;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.util.Assert;

/**
 * Codes redeemable once, by the app they were issued to, before they expire. Thread-safe: of two concurrent
 * redemptions of one code exactly one succeeds.
 */
final class SingleUseCodes {

	private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

	private final Housekeeping housekeeping = new Housekeeping();

	private final Clock clock;

	SingleUseCodes(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	String issue(Grant grant) {
		Assert.notNull(grant, "grant cannot be null");
		Instant now = this.clock.instant();
		if (this.housekeeping.sweepDue(now)) {
			this.entries.values().removeIf((entry) -> Housekeeping.forgettable(entry.grant().expiresAt(), now));
		}
		String code = RandomValues.code();
		this.entries.put(code, new Entry(grant, false));
		return code;
	}

	/** Redeems {@code code} for {@code appid}: a code of another app is as unknown as a made-up one. */
	Redemption redeem(String code, String appid) {
		Entry entry = (code != null) ? this.entries.get(code) : null;
		if (entry == null || !entry.grant().app().appid().equals(appid)) {
			return Rejection.UNKNOWN;
		}
		if (entry.used()) {
			return Rejection.USED;
		}
		if (!this.clock.instant().isBefore(entry.grant().expiresAt())) {
			return Rejection.EXPIRED;
		}
		if (!this.entries.replace(code, entry, new Entry(entry.grant(), true))) {
			return Rejection.USED;
		}
		return new Redeemed(entry.grant());
	}

	void clear() {
		this.entries.clear();
	}

	/** The outcome of redeeming a code. */
	sealed interface Redemption permits Redeemed, Rejection {

	}

	record Redeemed(Grant grant) implements Redemption {

	}

	enum Rejection implements Redemption {

		UNKNOWN, USED, EXPIRED

	}

	private record Entry(Grant grant, boolean used) {

	}

}
