package dev.wxauth.server.client;

import java.time.Duration;
import java.time.Instant;

import dev.wxauth.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class RotatingSecretsTests {

	static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

	final MutableClock clock = new MutableClock(NOW);

	final PasswordEncoder hashes = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	final RotatingSecrets secrets = new RotatingSecrets(this.hashes, this.clock);

	@Test
	void matchesWhenWithinTheOverlapThenBothSecretsAndAfterItOnlyTheNew() {
		String stored = RotatingSecrets.encode(this.hashes.encode("new"), this.hashes.encode("old"),
				NOW.plus(Duration.ofHours(1)));

		assertThat(this.secrets.matches("new", stored)).isTrue();
		assertThat(this.secrets.matches("old", stored)).isTrue();
		assertThat(this.secrets.matches("other", stored)).isFalse();
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.secrets.matches("old", stored)).isFalse();
		assertThat(this.secrets.matches("new", stored)).isTrue();
	}

	@Test
	void encodeWhenRotatedAgainDuringAnOverlapThenTheOldestSecretIsGone() {
		String first = RotatingSecrets.encode(this.hashes.encode("second"), this.hashes.encode("first"),
				NOW.plus(Duration.ofHours(1)));

		String again = RotatingSecrets.encode(this.hashes.encode("third"), first, NOW.plus(Duration.ofHours(1)));

		assertThat(this.secrets.matches("third", again)).isTrue();
		assertThat(this.secrets.matches("second", again)).isTrue();
		assertThat(this.secrets.matches("first", again)).isFalse();
	}

	@Test
	void matchesWhenTheStoredRotationIsNotOneWeWroteThenNothingMatchesAndNothingThrows() {
		for (String hostile : new String[] { "{rotating}", "{rotating}~~", "{rotating}e30~e30~9000000000000000000",
				"{rotating}" + "!".repeat(10) + "~a~1", "{rotating}e3JvdGF0aW5nfQ~e30~1", "{rotating}~~1" }) {
			assertThat(this.secrets.matches("anything", hostile)).as(hostile).isFalse();
			assertThat(this.secrets.upgradeEncoding(hostile)).as(hostile).isFalse();
			assertThat(RotatingSecrets.previousUntil(hostile)).as(hostile).isNull();
		}
	}

	@Test
	void upgradeEncodingWhenRotatingThenNeverSoTheFrameworkCannotRewriteIt() {
		String stored = RotatingSecrets.encode(this.hashes.encode("new"), "{noop}old", NOW.plusSeconds(60));

		assertThat(this.secrets.upgradeEncoding(stored)).isFalse();
	}

	@Test
	void rememberForWhenOverlapEndsSoonerThanTheTimeToLiveThenUntilItEnds() {
		String stored = RotatingSecrets.encode(this.hashes.encode("new"), "{noop}old", NOW.plusSeconds(60));

		assertThat(RotatingSecrets.rememberFor(stored, Duration.ofMinutes(10), NOW)).isEqualTo(Duration.ofSeconds(60));
		assertThat(RotatingSecrets.rememberFor(stored, Duration.ofMinutes(10), NOW.plusSeconds(61)))
			.isEqualTo(Duration.ofMinutes(10));
		assertThat(RotatingSecrets.rememberFor("{noop}plain", Duration.ofMinutes(10), NOW))
			.isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void matchesWhenRememberedThroughTheOverlapThenTheOldSecretStillStopsOnTime() {
		String stored = RotatingSecrets.encode(this.hashes.encode("new"), this.hashes.encode("old"),
				NOW.plusSeconds(60));
		RememberingPasswordEncoder remembering = new RememberingPasswordEncoder(this.secrets, Duration.ofMinutes(10),
				100, this.clock);
		assertThat(remembering.matches("old", stored)).isTrue();

		this.clock.advance(Duration.ofSeconds(61));

		assertThat(remembering.matches("old", stored)).isFalse();
	}

}
