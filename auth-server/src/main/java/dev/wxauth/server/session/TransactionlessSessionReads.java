package dev.wxauth.server.session;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads sessions without a transaction. Spring Session's JDBC store runs each of its operations in a transaction of
 * its own, the read of a session too: {@code BEGIN} and {@code COMMIT} around one query, on every request of a
 * signed-in browser. One query needs no transaction; the store's writes keep theirs (a new session is two inserts, a
 * change to a session several statements, and each must apply whole).
 * <p>
 * The store takes one {@link TransactionOperations} for all its operations and cannot say which one is calling, so
 * the {@link #repository(FindByIndexNameSessionRepository) repository} marks the thread while it reads a session, and
 * the {@link #transactions(PlatformTransactionManager) transactions} given to the store run a marked call without a
 * transaction. A read that finds its session expired deletes it, one statement, under the same mark.
 */
public final class TransactionlessSessionReads {

	private static final ThreadLocal<Boolean> reading = new ThreadLocal<>();

	private TransactionlessSessionReads() {
	}

	/** The store's transactions: a new one for each write, as Spring Session's default; none for a marked read. */
	public static TransactionOperations transactions(PlatformTransactionManager transactionManager) {
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);
		transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return new TransactionOperations() {

			@Override
			public <T> @Nullable T execute(TransactionCallback<T> action) {
				return (reading.get() != null) ? action.doInTransaction(new SimpleTransactionStatus(false))
						: transactions.execute(action);
			}

		};
	}

	/** Decorates the session repository whose store was given {@link #transactions(PlatformTransactionManager)}. */
	public static <S extends Session> FindByIndexNameSessionRepository<S> repository(
			FindByIndexNameSessionRepository<S> delegate) {
		return new MarkingRepository<>(delegate);
	}

	static <T> T read(Supplier<T> read) {
		reading.set(Boolean.TRUE);
		try {
			return read.get();
		}
		finally {
			reading.remove();
		}
	}

	private static final class MarkingRepository<S extends Session> extends ForwardingSessionRepository<S> {

		MarkingRepository(FindByIndexNameSessionRepository<S> delegate) {
			super(delegate);
		}

		@Override
		public @Nullable S findById(String id) {
			return read(() -> this.delegate.findById(id));
		}

	}

}
