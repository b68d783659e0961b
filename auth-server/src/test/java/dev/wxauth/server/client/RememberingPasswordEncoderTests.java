package dev.wxauth.server.client;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wxauth.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class RememberingPasswordEncoderTests {

	final CountingEncoder bcrypt = new CountingEncoder();

	MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	RememberingPasswordEncoder encoder = new RememberingPasswordEncoder(this.bcrypt, Duration.ofMinutes(10), 2, this.clock);

	@Test
	void matchesWhenWrongSecretThenFalseAndCheckedEveryTime() {
		String stored = this.encoder.encode("secret");

		assertThat(this.encoder.matches("wrong", stored)).isFalse();
		assertThat(this.encoder.matches("wrong", stored)).isFalse();
		assertThat(this.bcrypt.checks.get()).isEqualTo(2);
	}

	@Test
	void matchesWhenRightSecretTwiceThenOneBcryptCheck() {
		String stored = this.encoder.encode("secret");

		assertThat(this.encoder.matches("secret", stored)).isTrue();
		assertThat(this.encoder.matches("secret", stored)).isTrue();
		assertThat(this.bcrypt.checks.get()).isEqualTo(1);
	}

	@Test
	void matchesWhenRememberedSecretButStoredHashChangedThenCheckedAgain() {
		assertThat(this.encoder.matches("secret", this.encoder.encode("secret"))).isTrue();
		String rotated = this.encoder.encode("new-secret");

		assertThat(this.encoder.matches("secret", rotated)).isFalse();
		assertThat(this.encoder.matches("new-secret", rotated)).isTrue();
	}

	@Test
	void matchesWhenTtlPassedThenCheckedAgain() {
		String stored = this.encoder.encode("secret");
		this.encoder.matches("secret", stored);
		this.clock.advance(Duration.ofMinutes(10));

		assertThat(this.encoder.matches("secret", stored)).isTrue();
		assertThat(this.bcrypt.checks.get()).isEqualTo(2);
	}

	@Test
	void upgradeEncodingWhenBcryptThenNoUpgrade() {
		assertThat(this.encoder.upgradeEncoding(this.encoder.encode("secret"))).isFalse();
	}

	static final class CountingEncoder implements PasswordEncoder {

		final PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);

		final AtomicInteger checks = new AtomicInteger();

		@Override
		public String encode(CharSequence raw) {
			return this.bcrypt.encode(raw);
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			this.checks.incrementAndGet();
			return this.bcrypt.matches(raw, encoded);
		}

	}

}
