package dev.wxauth.server.admission;

import java.util.concurrent.Semaphore;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Lets a bounded number of requests work at once; the others wait their turn, first come, first served. Without it,
 * under load, every request in flight shares the cores at once: the operating system slices them together with the
 * database and everything else on the machine, and a request's time depends on how often it lost its slice. With a
 * few turns, a request waits in one queue and then runs nearly alone: the same mean, a far shorter tail (README,
 * Performance, has the figures).
 * <p>
 * A request gives its turn back while it waits on another service ({@link #away}): a WeChat call can take seconds,
 * and the cores are free meanwhile. It must not hold a database connection then, or the requests with turns could
 * wait for connections that requests without turns hold.
 */
public final class Admission {

	private static final ThreadLocal<Semaphore> turnHeldHere = new ThreadLocal<>();

	private final @Nullable Semaphore turns;

	/** @param concurrency how many requests work at once; {@code 0} for no limit */
	public Admission(int concurrency) {
		Assert.isTrue(concurrency >= 0, "concurrency cannot be negative");
		this.turns = (concurrency > 0) ? new Semaphore(concurrency, true) : null;
	}

	/** Waits for a turn; closing the turn ends it. */
	public Turn enter() {
		if (this.turns == null) {
			return new Turn(null);
		}
		this.turns.acquireUninterruptibly();
		turnHeldHere.set(this.turns);
		return new Turn(this.turns);
	}

	/**
	 * Waits on another service without holding a turn, and queues for one again after. Outside an admitted request
	 * it just waits.
	 */
	public static <T, E extends Exception> T away(Wait<T, E> wait) throws E {
		Semaphore turns = turnHeldHere.get();
		if (turns == null) {
			return wait.get();
		}
		turnHeldHere.remove();
		turns.release();
		try {
			return wait.get();
		}
		finally {
			turns.acquireUninterruptibly();
			turnHeldHere.set(turns);
		}
	}

	/** Turns free now; {@link Integer#MAX_VALUE} without a limit. What the tests observe. */
	int availableTurns() {
		return (this.turns != null) ? this.turns.availablePermits() : Integer.MAX_VALUE;
	}

	/** A request's turn, from {@link #enter()} to {@link #close()}. */
	public static final class Turn implements AutoCloseable {

		private final @Nullable Semaphore turns;

		private boolean closed;

		private Turn(@Nullable Semaphore turns) {
			this.turns = turns;
		}

		@Override
		public void close() {
			if (!this.closed && this.turns != null) {
				this.closed = true;
				turnHeldHere.remove();
				this.turns.release();
			}
		}

	}

	@FunctionalInterface
	public interface Wait<T, E extends Exception> {

		T get() throws E;

	}

}
