package dev.wxauth.server.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up while the keys this instance last read hold one that signs now: without it no token can be issued, so the
 * instance is not ready. Reads memory only; the keys are reread on their own schedule.
 */
final class SigningKeysHealth implements HealthIndicator {

	private final SigningKeys signingKeys;

	private final Clock clock;

	SigningKeysHealth(SigningKeys signingKeys, Clock clock) {
		this.signingKeys = signingKeys;
		this.clock = clock;
	}

	@Override
	public Health health() {
		SigningKeys.Snapshot loaded = this.signingKeys.loaded();
		if (loaded == null) {
			return Health.down().withDetail("reason", "no signing keys read yet").build();
		}
		Instant now = this.clock.instant();
		Optional<SigningKey> signing = loaded.published().stream().filter((key) -> key.isActivatedAt(now)).findAny();
		if (signing.isEmpty()) {
			return Health.down().withDetail("reason", "no key signs now").build();
		}
		return Health.up()
			.withDetail("signing_kid", loaded.signingKeyAt(now).kid())
			.withDetail("read_at", loaded.loadedAt().toString())
			.build();
	}

}
