package dev.wxauth.server.client;

import java.time.Duration;
import java.time.Instant;

import dev.wxauth.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiringMemoryTests {

	final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

	final ExpiringMemory<String, String> memory = new ExpiringMemory<>(2, this.clock);

	@Test
	void getWhenRememberedThenUntilItsTimeIsUp() {
		this.memory.remember("a", "1", Duration.ofSeconds(10));

		this.clock.advance(Duration.ofSeconds(9));
		assertThat(this.memory.get("a")).isEqualTo("1");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.memory.get("a")).isNull();
	}

	@Test
	void rememberWhenZeroTimeToLiveThenNothingRemembered() {
		this.memory.remember("a", "1", Duration.ZERO);

		assertThat(this.memory.get("a")).isNull();
	}

	@Test
	void rememberWhenFullThenStartsOver() {
		this.memory.remember("a", "1", Duration.ofSeconds(10));
		this.memory.remember("b", "2", Duration.ofSeconds(10));
		this.memory.remember("c", "3", Duration.ofSeconds(10));

		assertThat(this.memory.get("a")).isNull();
		assertThat(this.memory.get("b")).isNull();
		assertThat(this.memory.get("c")).isEqualTo("3");
	}

	@Test
	void forgetThenGone() {
		this.memory.remember("a", "1", Duration.ofSeconds(10));
		this.memory.remember("b", "2", Duration.ofSeconds(10));

		this.memory.forget("a");
		this.memory.forgetValuesMatching("2"::equals);

		assertThat(this.memory.get("a")).isNull();
		assertThat(this.memory.get("b")).isNull();
	}

}
