package dev.wxauth.server.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SlidingWindowLimitTests {

	static final Duration MINUTE = Duration.ofMinutes(1);

	final AtomicLong now = new AtomicLong(MINUTE.toNanos() * 1000);

	SlidingWindowLimit limit(int limit) {
		return new SlidingWindowLimit(limit, MINUTE, 1024, this.now::get);
	}

	void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	static long admitted(SlidingWindowLimit limit, String key, int requests) {
		return IntStream.range(0, requests).filter((i) -> limit.admit(key).isZero()).count();
	}

	@Test
	void admitWhenUnderTheLimitThenEveryRequestAndThenNone() {
		SlidingWindowLimit limit = limit(5);

		assertThat(admitted(limit, "client", 5)).isEqualTo(5);
		assertThat(limit.admit("client")).isPositive();
	}

	@Test
	void admitWhenOneKeyIsAtItsLimitThenOtherKeysStillAdmitted() {
		SlidingWindowLimit limit = limit(3);
		admitted(limit, "busy", 10);

		assertThat(admitted(limit, "quiet", 3)).isEqualTo(3);
	}

	@Test
	void admitWhenRefusedThenRetryAfterIsWhenItAdmitsAgain() {
		SlidingWindowLimit limit = limit(2);
		advance(Duration.ofSeconds(15));
		admitted(limit, "client", 2);

		Duration retryAfter = limit.admit("client");

		// this window's 2 must fade below 1 in the next: at its middle
		assertThat(retryAfter).isEqualTo(Duration.ofSeconds(45 + 30));
		advance(retryAfter.minusSeconds(1));
		assertThat(limit.admit("client")).isPositive();
		advance(Duration.ofSeconds(1));
		assertThat(limit.admit("client")).isZero();
	}

	@Test
	void admitWhenTheLastWindowWasFullThenItsCountFadesOutAcrossThisOne() {
		SlidingWindowLimit limit = limit(10);
		admitted(limit, "client", 10);
		advance(MINUTE);

		// the whole last window still overlaps: nothing; halfway: half of it
		assertThat(limit.admit("client")).isEqualTo(Duration.ofSeconds(6));
		advance(Duration.ofSeconds(30));
		assertThat(admitted(limit, "client", 10)).isEqualTo(5);
	}

	@Test
	void admitWhenBurstsStraddleTwoWindowsThenNotTwiceTheLimit() {
		SlidingWindowLimit limit = limit(100);
		advance(Duration.ofSeconds(59));
		long first = admitted(limit, "client", 100);
		advance(Duration.ofSeconds(2));

		long second = admitted(limit, "client", 100);

		assertThat(first).isEqualTo(100);
		assertThat(second).isLessThanOrEqualTo(4);
	}

	@Test
	void admitWhenAWindowWentByWithoutRequestsThenTheOldCountIsForgotten() {
		SlidingWindowLimit limit = limit(3);
		admitted(limit, "client", 3);
		advance(MINUTE.multipliedBy(2));

		assertThat(admitted(limit, "client", 3)).isEqualTo(3);
	}

	@Test
	void admitWhenMoreKeysThanCountersThenStillAdmitsEachWithinItsLimit() {
		// the width the token endpoint gives addresses
		SlidingWindowLimit limit = new SlidingWindowLimit(20, MINUTE, 16384, this.now::get);

		// 20,000 addresses in a minute, each well within its limit: collisions add only a few requests of others
		long refused = IntStream.range(0, 20_000)
			.mapToObj((i) -> "10.0." + (i / 256) + "." + (i % 256))
			.filter((address) -> admitted(limit, address, 2) < 2)
			.count();

		assertThat(refused).isZero();
	}

	@Test
	void admitWhenFarMoreTrafficThanTheCountersHoldThenOverCountsNeverUnder() {
		SlidingWindowLimit limit = new SlidingWindowLimit(20, MINUTE, 1024, this.now::get);
		IntStream.range(0, 20_000).forEach((i) -> admitted(limit, "10.0." + (i / 256) + "." + (i % 256), 2));

		assertThat(admitted(limit, "busy", 30)).isLessThanOrEqualTo(20);
	}

	@Test
	void admitWhenAClockReadingFromBeforeTheWindowMovedComesLateThenTheCountsStay() {
		SlidingWindowLimit limit = limit(3);
		admitted(limit, "client", 3);
		advance(MINUTE);
		assertThat(limit.admit("client")).isPositive();

		this.now.addAndGet(-MINUTE.toNanos());

		assertThat(limit.admit("client")).isPositive();
		advance(MINUTE);
		assertThat(limit.admit("client")).as("the last window's count still fades").isPositive();
	}

	@Test
	void waitForWhenAskedThenNothingIsCounted() {
		SlidingWindowLimit limit = limit(1);

		limit.waitFor("client");
		limit.waitFor("client");

		assertThat(limit.admit("client")).isZero();
	}

	@Test
	void admitWhenNoLimitThenAlwaysAdmitted() {
		SlidingWindowLimit limit = limit(0);

		assertThat(admitted(limit, "client", 100_000)).isEqualTo(100_000);
	}

	@Test
	void constructWhenWidthNotAPowerOfTwoThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SlidingWindowLimit(1, MINUTE, 1000));
	}

}
