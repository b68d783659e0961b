package dev.wxauth.server.ratelimit;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.LongSupplier;

import org.springframework.util.Assert;

/**
 * At most {@code limit} requests per key in any {@code window}, on this instance. The count of a window that ended
 * fades out as the current one goes by (the "sliding window" estimate: the last window's count, weighted by how much
 * of it still overlaps, plus the current window's), so a burst straddling two windows cannot pass twice the limit.
 * <p>
 * The counts live in a count-min sketch: a fixed table of counters per window, two counters per key picked by a
 * hash seeded at random per instance, the smaller of the two read as the key's count. Its memory is fixed whatever
 * the number of keys (an attacker with many addresses cannot grow it), and it can only over-count: a key whose two
 * counters both share traffic with busy keys looks busier than it is, never less busy.
 * <p>
 * A request the limit refuses is not counted, so a client that keeps trying while refused is admitted again once its
 * admitted requests slide out of the window. Concurrent requests for one key may pass the limit by a few: the check
 * and the count are not one atomic step.
 */
public final class SlidingWindowLimit {

	private static final long FNV_PRIME = 0x100000001b3L;

	private final int limit;

	private final long windowNanos;

	private final int width;

	private final LongSupplier nanoTime;

	private final long seed = new SecureRandom().nextLong();

	private volatile Windows windows;

	/**
	 * @param limit requests admitted per key per {@code window}; {@code 0} for no limit
	 * @param window the length of a window
	 * @param width counters per row of the sketch (a power of two): more keys busy at once need more
	 */
	public SlidingWindowLimit(int limit, Duration window, int width) {
		this(limit, window, width, System::nanoTime);
	}

	SlidingWindowLimit(int limit, Duration window, int width, LongSupplier nanoTime) {
		Assert.isTrue(limit >= 0, "limit cannot be negative");
		Assert.isTrue(window.isPositive(), "window must be positive");
		Assert.isTrue(width > 0 && Integer.bitCount(width) == 1, "width must be a power of two");
		this.limit = limit;
		this.windowNanos = window.toNanos();
		this.width = width;
		this.nanoTime = nanoTime;
		this.windows = new Windows(Math.floorDiv(nanoTime.getAsLong(), this.windowNanos), newCounters(), newCounters());
	}

	/**
	 * Counts a request for {@code key} if the limit admits it.
	 * @return {@link Duration#ZERO} when admitted; otherwise how long until a request for {@code key} would be
	 */
	public Duration admit(String key) {
		Duration wait = waitFor(key);
		if (wait.isZero()) {
			count(key);
		}
		return wait;
	}

	/**
	 * How long until a request for {@code key} would be admitted, counting nothing: for a request that several
	 * limits must all admit before any counts it.
	 * @return {@link Duration#ZERO} when it would be admitted now
	 */
	public Duration waitFor(String key) {
		if (this.limit == 0) {
			return Duration.ZERO;
		}
		long now = this.nanoTime.getAsLong();
		Windows current = windowsAt(now);
		long hash = hash(key);
		int first = first(hash);
		int second = second(hash);
		int previousCount = Math.min(current.previous.get(first), current.previous.get(second));
		int currentCount = Math.min(current.current.get(first), current.current.get(second));
		// a thread that read the clock before the window moved on may come here after: within [0, 1] all the same
		double elapsed = Math.clamp((double) (now - current.index * this.windowNanos) / this.windowNanos, 0.0, 1.0);
		if (previousCount * (1 - elapsed) + currentCount + 1 <= this.limit) {
			return Duration.ZERO;
		}
		return retryAfter(previousCount, currentCount, elapsed);
	}

	/** Counts a request for {@code key}, admitted or not. */
	public void count(String key) {
		if (this.limit == 0) {
			return;
		}
		Windows current = windowsAt(this.nanoTime.getAsLong());
		long hash = hash(key);
		current.current.incrementAndGet(first(hash));
		current.current.incrementAndGet(second(hash));
	}

	private int first(long hash) {
		return (int) hash & (this.width - 1);
	}

	private int second(long hash) {
		return this.width + ((int) (hash >>> 32) & (this.width - 1));
	}

	/** How long until the estimate, with no more requests, leaves room for one. */
	private Duration retryAfter(int previousCount, int currentCount, double elapsed) {
		double windowsToWait;
		if (currentCount + 1 <= this.limit) {
			// the previous window's weight must fade within this one
			windowsToWait = (1 - (double) (this.limit - 1 - currentCount) / previousCount) - elapsed;
		}
		else {
			// this window's count becomes the fading one in the next
			windowsToWait = (1 - elapsed) + (1 - (double) (this.limit - 1) / currentCount);
		}
		return Duration.ofNanos((long) Math.ceil(Math.max(windowsToWait, 0) * this.windowNanos));
	}

	private Windows windowsAt(long now) {
		long index = Math.floorDiv(now, this.windowNanos);
		Windows current = this.windows;
		// a clock read before the window moved on never moves it back
		if (current.index >= index) {
			return current;
		}
		synchronized (this) {
			current = this.windows;
			if (current.index < index) {
				AtomicIntegerArray previous = (current.index == index - 1) ? current.current : newCounters();
				current = new Windows(index, newCounters(), previous);
				this.windows = current;
			}
			return current;
		}
	}

	private AtomicIntegerArray newCounters() {
		return new AtomicIntegerArray(2 * this.width);
	}

	/** FNV-1a over the characters from a secret offset, then MurmurHash3's finalizer to spread every bit. */
	private long hash(String key) {
		long hash = this.seed;
		for (int i = 0; i < key.length(); i++) {
			hash = (hash ^ key.charAt(i)) * FNV_PRIME;
		}
		hash = (hash ^ (hash >>> 33)) * 0xff51afd7ed558ccdL;
		hash = (hash ^ (hash >>> 33)) * 0xc4ceb9fe1a85ec53L;
		return hash ^ (hash >>> 33);
	}

	/** The counters of the window numbered {@code index} since the clock's origin, and of the one before it. */
	private record Windows(long index, AtomicIntegerArray current, AtomicIntegerArray previous) {
	}

}
