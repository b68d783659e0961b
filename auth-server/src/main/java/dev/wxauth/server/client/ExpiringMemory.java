package dev.wxauth.server.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Values remembered each until its own instant, at most {@code maximumSize} of them. A full memory starts over: a
 * bound, not an LRU, because what it saves (a BCrypt check, a query) only has to be paid again until it fills.
 */
final class ExpiringMemory<K, V> {

	private final int maximumSize;

	private final Clock clock;

	private final Map<K, Remembered<V>> entries = new ConcurrentHashMap<>();

	ExpiringMemory(int maximumSize, Clock clock) {
		Assert.isTrue(maximumSize > 0, "maximumSize must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.maximumSize = maximumSize;
		this.clock = clock;
	}

	/** The value remembered for {@code key}, unless there is none or its time is up. */
	public @Nullable V get(K key) {
		Remembered<V> remembered = this.entries.get(key);
		if (remembered == null) {
			return null;
		}
		if (this.clock.instant().isBefore(remembered.until())) {
			return remembered.value();
		}
		this.entries.remove(key, remembered);
		return null;
	}

	/** Remembers {@code value} for {@code timeToLive} from now; a zero or negative time remembers nothing. */
	public void remember(K key, V value, Duration timeToLive) {
		if (!timeToLive.isPositive()) {
			return;
		}
		if (this.entries.size() >= this.maximumSize) {
			this.entries.clear();
		}
		this.entries.put(key, new Remembered<>(value, this.clock.instant().plus(timeToLive)));
	}

	public void forget(K key) {
		this.entries.remove(key);
	}

	public void forgetValuesMatching(Predicate<V> predicate) {
		this.entries.values().removeIf((remembered) -> predicate.test(remembered.value()));
	}

	private record Remembered<V>(V value, Instant until) {
	}

}
