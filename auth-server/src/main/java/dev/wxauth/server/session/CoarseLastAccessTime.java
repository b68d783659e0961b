package dev.wxauth.server.session;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.util.Assert;

/**
 * Records when a session was last used to the minute, not to the millisecond. Spring Session moves a session's
 * last-access time on every request that reads the session, and the JDBC store then writes the session's row in a
 * transaction of its own, although nothing else changed: three statements on every authorization request of a
 * signed-in browser. Here a new last-access time is kept only once the stored one is older than a tenth of the
 * session's idle timeout, and never more than a minute old; until then the session is saved as unchanged (its
 * attributes still are saved when they change).
 * <p>
 * The price: a session may expire up to that step (a minute, with the default 30-minute timeout) earlier than its idle
 * timeout says.
 */
public final class CoarseLastAccessTime {

	static final Duration MAX_STEP = Duration.ofMinutes(1);

	private CoarseLastAccessTime() {
	}

	/** Decorates the session repository. */
	public static <S extends Session> FindByIndexNameSessionRepository<Session> repository(
			FindByIndexNameSessionRepository<S> delegate) {
		return new CoarseRepository<>(delegate);
	}

	/** How old the stored last-access time of this session may grow before a request moves it. */
	static Duration step(Duration maxInactiveInterval) {
		if (maxInactiveInterval.isNegative() || maxInactiveInterval.isZero()) {
			return MAX_STEP;
		}
		Duration tenth = maxInactiveInterval.dividedBy(10);
		return (tenth.compareTo(MAX_STEP) < 0) ? tenth : MAX_STEP;
	}

	private static final class CoarseRepository<S extends Session> implements FindByIndexNameSessionRepository<Session> {

		private final FindByIndexNameSessionRepository<S> delegate;

		CoarseRepository(FindByIndexNameSessionRepository<S> delegate) {
			Assert.notNull(delegate, "delegate cannot be null");
			this.delegate = delegate;
		}

		@Override
		public Session createSession() {
			return new CoarseSession<>(this.delegate.createSession());
		}

		@Override
		@SuppressWarnings("unchecked")
		public void save(Session session) {
			this.delegate.save((session instanceof CoarseSession<?> coarse) ? (S) coarse.stored : (S) session);
		}

		@Override
		public @Nullable Session findById(String id) {
			S session = this.delegate.findById(id);
			return (session != null) ? new CoarseSession<>(session) : null;
		}

		@Override
		public void deleteById(String id) {
			this.delegate.deleteById(id);
		}

		@Override
		public Map<String, Session> findByIndexNameAndIndexValue(String indexName, String indexValue) {
			Map<String, Session> sessions = new LinkedHashMap<>();
			this.delegate.findByIndexNameAndIndexValue(indexName, indexValue)
				.forEach((id, session) -> sessions.put(id, new CoarseSession<>(session)));
			return sessions;
		}

	}

	private static final class CoarseSession<S extends Session> implements Session {

		private final S stored;

		CoarseSession(S stored) {
			this.stored = stored;
		}

		@Override
		public void setLastAccessedTime(Instant lastAccessedTime) {
			Duration sinceRecorded = Duration.between(this.stored.getLastAccessedTime(), lastAccessedTime);
			if (sinceRecorded.compareTo(step(this.stored.getMaxInactiveInterval())) >= 0) {
				this.stored.setLastAccessedTime(lastAccessedTime);
			}
		}

		@Override
		public String getId() {
			return this.stored.getId();
		}

		@Override
		public String changeSessionId() {
			return this.stored.changeSessionId();
		}

		@Override
		public <T> @Nullable T getAttribute(String attributeName) {
			return this.stored.getAttribute(attributeName);
		}

		@Override
		public Set<String> getAttributeNames() {
			return this.stored.getAttributeNames();
		}

		@Override
		public void setAttribute(String attributeName, Object attributeValue) {
			this.stored.setAttribute(attributeName, attributeValue);
		}

		@Override
		public void removeAttribute(String attributeName) {
			this.stored.removeAttribute(attributeName);
		}

		@Override
		public Instant getCreationTime() {
			return this.stored.getCreationTime();
		}

		@Override
		public Instant getLastAccessedTime() {
			return this.stored.getLastAccessedTime();
		}

		@Override
		public void setMaxInactiveInterval(Duration interval) {
			this.stored.setMaxInactiveInterval(interval);
		}

		@Override
		public Duration getMaxInactiveInterval() {
			return this.stored.getMaxInactiveInterval();
		}

		@Override
		public boolean isExpired() {
			return this.stored.isExpired();
		}

	}

}
