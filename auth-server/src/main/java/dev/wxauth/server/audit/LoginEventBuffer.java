package dev.wxauth.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * The login events that wait to be written, oldest first, at most {@code capacity}: a full buffer drops its oldest
 * to take a new one, counts it ({@code wxauth_login_events_dropped_total}) and warns at most once a minute. Taken out
 * a batch at a time; a batch the database did not take is given back in front.
 */
final class LoginEventBuffer {

	private static final Log logger = LogFactory.getLog(LoginEventLog.class);

	private final int capacity;

	private final int batchSize;

	private final Counter dropped;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition batchWaiting = this.lock.newCondition();

	private final Deque<LoginEvent> events = new ArrayDeque<>();

	private final OncePerMinute dropWarnings;

	/** How often {@link #wake} was called: a waiter returns once it moves. */
	private long wakeUps;

	LoginEventBuffer(int capacity, int batchSize, MeterRegistry registry, Clock clock) {
		Assert.isTrue(capacity >= batchSize && batchSize > 0, "capacity must hold at least one batch");
		this.capacity = capacity;
		this.batchSize = batchSize;
		this.dropWarnings = new OncePerMinute(clock);
		this.dropped = Counter.builder("wxauth.login.events.dropped")
			.description("Login events dropped because the buffer was full while the database did not take them")
			.register(registry);
	}

	/** Keeps {@code event}, dropping the oldest when full; wakes a writer waiting for a whole batch. */
	void add(LoginEvent event) {
		boolean full;
		this.lock.lock();
		try {
			full = this.events.size() >= this.capacity;
			if (full) {
				this.events.pollFirst();
			}
			this.events.addLast(event);
			if (this.events.size() == this.batchSize) {
				this.batchWaiting.signal();
			}
		}
		finally {
			this.lock.unlock();
		}
		if (full) {
			dropped(1);
		}
	}

	/** The oldest events, at most a batch, out of the buffer; empty when none waits. */
	List<LoginEvent> take() {
		this.lock.lock();
		try {
			int size = Math.min(this.batchSize, this.events.size());
			List<LoginEvent> batch = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				batch.add(this.events.pollFirst());
			}
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Puts a batch back in front, the oldest going if events added meanwhile filled the buffer. */
	void giveBack(List<LoginEvent> batch) {
		int overflow;
		this.lock.lock();
		try {
			for (LoginEvent event : batch.reversed()) {
				this.events.addFirst(event);
			}
			overflow = Math.max(0, this.events.size() - this.capacity);
			for (int i = 0; i < overflow; i++) {
				this.events.pollFirst();
			}
		}
		finally {
			this.lock.unlock();
		}
		if (overflow > 0) {
			dropped(overflow);
		}
	}

	/** Counts events lost without being written, and says so in the log now and then. */
	void dropped(int count) {
		this.dropped.increment(count);
		if (this.dropWarnings.due()) {
			logger.warn("Login events dropped: " + (long) this.dropped.count() + " since start, the buffer of "
					+ this.capacity + " being full while the database does not take them");
		}
	}

	int size() {
		this.lock.lock();
		try {
			return this.events.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until a whole batch waits, {@code timeout} has passed or {@link #wake} is called.
	 * @param evenIfABatchWaits wait the whole timeout, whatever waits (after a failure)
	 */
	void await(Duration timeout, boolean evenIfABatchWaits) throws InterruptedException {
		this.lock.lock();
		try {
			long wakeUps = this.wakeUps;
			long nanos = timeout.toNanos();
			while (nanos > 0 && wakeUps == this.wakeUps
					&& (evenIfABatchWaits || this.events.size() < this.batchSize)) {
				nanos = this.batchWaiting.awaitNanos(nanos);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Ends every {@link #await} now. */
	void wake() {
		this.lock.lock();
		try {
			this.wakeUps++;
			this.batchWaiting.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
