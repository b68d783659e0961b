package dev.wxauth.server.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.wxauth.server.metrics.MeterCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.util.Assert;

/**
 * What wxauth shows about signing: the age of the key that signs now ({@code wxauth_signing_key_age_seconds}, from
 * the keys this instance last read, {@code NaN} while none signs), and the signatures made, by algorithm.
 */
final class SigningMetrics {

	private final MeterCache<Counter> signatures;

	private final Clock clock;

	SigningMetrics(MeterRegistry registry, SigningKeys signingKeys, Clock clock) {
		Assert.notNull(registry, "registry cannot be null");
		Assert.notNull(signingKeys, "signingKeys cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.signatures = new MeterCache<>(
				(tags) -> Counter.builder("wxauth.signatures").tag("alg", tags.get(0)).register(registry));
		this.clock = clock;
		Gauge.builder("wxauth.signing.key.age", signingKeys, this::activeKeyAgeSeconds)
			.baseUnit("seconds")
			.description("Age of the key that signs now")
			.register(registry);
	}

	/** The encoder, counting each signature it makes by the algorithm in the token's header. */
	JwtEncoder counting(JwtEncoder encoder) {
		return (parameters) -> {
			Jwt jwt = encoder.encode(parameters);
			Object algorithm = jwt.getHeaders().get("alg");
			this.signatures.get((algorithm != null) ? algorithm.toString() : "none").increment();
			return jwt;
		};
	}

	private double activeKeyAgeSeconds(SigningKeys signingKeys) {
		SigningKeys.Snapshot loaded = signingKeys.loaded();
		Instant now = this.clock.instant();
		if (loaded == null || loaded.published().stream().noneMatch((key) -> key.isActivatedAt(now))) {
			return Double.NaN;
		}
		return Duration.between(loaded.signingKeyAt(now).createdAt(), now).toMillis() / 1000.0;
	}

}
