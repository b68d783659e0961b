package dev.wxauth.server.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.util.Assert;

/**
 * The login event log in PostgreSQL ({@code login_events}). Appending costs a login no database round trip: the
 * event waits in memory and one background thread writes what waits in batches, one multi-row {@code INSERT} as soon
 * as a batch is full or a short interval has passed. While the database does not take them the events keep waiting
 * and are tried again; once the buffer is full the oldest go, counted ({@code wxauth_login_events_dropped_total})
 * and warned about at most once a minute. Stopping writes what waits, within a bounded wait; a crash loses what had
 * not been written. Events older than the retention are purged on schedule, in small batches.
 */
public final class LoginEventLog implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(LoginEventLog.class);

	static final int CAPACITY = 10_000;

	static final int BATCH_SIZE = 200;

	static final Duration INTERVAL = Duration.ofMillis(500);

	private static final Duration STOP_WAIT = Duration.ofSeconds(10);

	private static final int PURGE_BATCH = 1000;

	// @formatter:off
	private static final String INSERT = "INSERT INTO login_events (occurred_at, flow, app, client_id, outcome, reason,"
			+ " user_id, new_user, ip_address, user_agent) VALUES ";

	private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String SELECT = "SELECT id, occurred_at, flow, app, client_id, outcome, reason, user_id,"
			+ " new_user, ip_address, user_agent FROM login_events";

	// SKIP LOCKED: instances purging at once share the rows out instead of waiting on each other's
	private static final String PURGE = "DELETE FROM login_events WHERE id IN (SELECT id FROM login_events"
			+ " WHERE occurred_at < ? LIMIT " + PURGE_BATCH + " FOR UPDATE SKIP LOCKED)";
	// @formatter:on

	private final JdbcOperations jdbc;

	private final Duration retention;

	private final Clock clock;

	private final Duration interval;

	private final LoginEventBuffer buffer;

	/** Held while a batch is out of the buffer: one writer at a time, the background thread or a flush. */
	private final ReentrantLock writing = new ReentrantLock();

	private final OncePerMinute failureWarnings;

	private volatile boolean running;

	private volatile @Nullable Thread writer;

	public LoginEventLog(JdbcOperations jdbc, MeterRegistry registry, Duration retention, Clock clock) {
		this(jdbc, registry, retention, clock, CAPACITY, BATCH_SIZE, INTERVAL);
	}

	LoginEventLog(JdbcOperations jdbc, MeterRegistry registry, Duration retention, Clock clock, int capacity,
			int batchSize, Duration interval) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(registry, "registry cannot be null");
		Assert.isTrue(retention.isPositive(), "retention must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.jdbc = jdbc;
		this.retention = retention;
		this.clock = clock;
		this.interval = interval;
		this.buffer = new LoginEventBuffer(capacity, batchSize, registry, clock);
		this.failureWarnings = new OncePerMinute(clock);
	}

	/** Keeps {@code event}, written a moment later; never waits on the database. */
	public void append(LoginEvent event) {
		Assert.notNull(event, "event cannot be null");
		this.buffer.add(event);
	}

	/**
	 * Writes every event that waits, now, in this thread. Events the database does not take wait again (or, when it
	 * refuses their values, are dropped) and the failure is thrown.
	 */
	public void flush() {
		this.writing.lock();
		try {
			for (List<LoginEvent> batch = this.buffer.take(); !batch.isEmpty(); batch = this.buffer.take()) {
				try {
					insert(batch);
				}
				catch (DataIntegrityViolationException ex) {
					// never written however often tried: lose this batch rather than every event behind it
					this.buffer.dropped(batch.size());
					throw ex;
				}
				catch (RuntimeException ex) {
					this.buffer.giveBack(batch);
					throw ex;
				}
			}
		}
		finally {
			this.writing.unlock();
		}
	}

	/** How many events wait to be written. */
	int waiting() {
		return this.buffer.size();
	}

	/**
	 * The events that match {@code filter}, newest first (in the order they were written: an instance writes its
	 * events a moment after they occurred, so two instances' events may interleave by that moment).
	 * @param before only events older than this id; {@code null} from the newest
	 * @param limit at most this many
	 */
	public List<LoginEvent> find(Filter filter, @Nullable Long before, int limit) {
		List<String> conditions = new ArrayList<>();
		List<Object> arguments = new ArrayList<>();
		condition(conditions, arguments, "user_id = ?", filter.userId());
		condition(conditions, arguments, "client_id = ?", filter.clientId());
		condition(conditions, arguments, "app = ?", filter.app());
		condition(conditions, arguments, "flow = ?", filter.flow());
		condition(conditions, arguments, "outcome = ?", (filter.outcome() != null) ? filter.outcome().id() : null);
		condition(conditions, arguments, "occurred_at >= ?",
				(filter.since() != null) ? Timestamp.from(filter.since()) : null);
		condition(conditions, arguments, "occurred_at < ?",
				(filter.until() != null) ? Timestamp.from(filter.until()) : null);
		condition(conditions, arguments, "id < ?", before);
		arguments.add(limit);
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		return this.jdbc.query(SELECT + where + " ORDER BY id DESC LIMIT ?", LoginEventLog::event, arguments.toArray());
	}

	/**
	 * Deletes the events older than the retention, a batch at a time so that no lock is held for long; safe to run on
	 * every instance at once.
	 * @return how many were deleted
	 */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
	public int purge() {
		Timestamp before = Timestamp.from(this.clock.instant().minus(this.retention));
		int total = 0;
		int deleted;
		do {
			deleted = this.jdbc.update(PURGE, before);
			total += deleted;
		}
		while (deleted == PURGE_BATCH);
		if (total > 0) {
			logger.debug("Purged " + total + " login events older than " + this.retention);
		}
		return total;
	}

	@Override
	public void start() {
		this.running = true;
		this.writer = Thread.ofVirtual().name("login-event-writer").start(this::writeUntilStopped);
	}

	/** Writes what waits before returning, or gives up after a bounded wait (the database away). */
	@Override
	public void stop() {
		this.running = false;
		this.buffer.wake();
		Thread thread = this.writer;
		if (thread == null) {
			return;
		}
		try {
			if (!thread.join(STOP_WAIT)) {
				logger.warn(waiting() + " login events not written: the database did not take them within "
						+ STOP_WAIT.toSeconds() + " s of stopping");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops after the web server (a higher phase) has answered its last request and recorded its last login. */
	@Override
	public int getPhase() {
		return 0;
	}

	private void writeUntilStopped() {
		boolean written = true;
		while (this.running) {
			try {
				// after a failure, not again before a whole interval: not against a database that refuses at once
				this.buffer.await(this.interval, !written);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			written = writeQuietly();
		}
		writeQuietly();
	}

	private boolean writeQuietly() {
		try {
			flush();
			return true;
		}
		catch (RuntimeException ex) {
			if (this.failureWarnings.due()) {
				logger.warn("Login events not written yet (" + waiting() + " waiting, tried again every "
						+ this.interval.toMillis() + " ms): " + ex.getClass().getSimpleName() + ": "
						+ mostSpecificMessage(ex));
			}
			return false;
		}
	}

	private void insert(List<LoginEvent> batch) {
		Object[] arguments = new Object[batch.size() * 10];
		int i = 0;
		for (LoginEvent event : batch) {
			LoginAttempt attempt = event.attempt();
			arguments[i++] = Timestamp.from(event.occurredAt());
			arguments[i++] = bounded(attempt.flow(), 32);
			arguments[i++] = bounded(attempt.app(), 200);
			arguments[i++] = bounded(attempt.client(), 100);
			arguments[i++] = attempt.outcome().id();
			arguments[i++] = bounded(attempt.reason(), 500);
			arguments[i++] = attempt.userId();
			arguments[i++] = attempt.newUser();
			arguments[i++] = bounded(event.ipAddress(), 64);
			arguments[i++] = bounded(event.userAgent(), 256);
		}
		this.jdbc.update(INSERT + String.join(", ", Collections.nCopies(batch.size(), ROW)), arguments);
	}

	/**
	 * {@code value} as its column holds it: at most {@code length} characters, without NUL (which PostgreSQL refuses
	 * in text, and which would fail every event of the batch).
	 */
	private static @Nullable String bounded(@Nullable String value, int length) {
		if (value == null) {
			return null;
		}
		String text = (value.indexOf('\0') >= 0) ? value.replace("\0", "") : value;
		if (text.length() <= length) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
		return text.substring(0, end);
	}

	private static String mostSpecificMessage(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return String.valueOf(cause.getMessage());
	}

	private static void condition(List<String> conditions, List<Object> arguments, String condition,
			@Nullable Object value) {
		if (value != null) {
			conditions.add(condition);
			arguments.add(value);
		}
	}

	private static LoginEvent event(ResultSet row, int number) throws SQLException {
		String outcome = row.getString("outcome");
		LoginAttempt attempt = new LoginAttempt(row.getString("flow"), row.getString("app"),
				row.getString("client_id"),
				LoginOutcome.fromId(outcome)
					.orElseThrow(() -> new IllegalStateException("Not an outcome of this version: " + outcome)),
				row.getString("reason"), row.getObject("user_id", UUID.class), row.getBoolean("new_user"));
		return new LoginEvent(row.getLong("id"), row.getTimestamp("occurred_at").toInstant(), attempt,
				row.getString("ip_address"), row.getString("user_agent"));
	}

	/** Which events to list; a {@code null} member matches every event. */
	public record Filter(@Nullable UUID userId, @Nullable String clientId, @Nullable String app, @Nullable String flow,
			@Nullable LoginOutcome outcome, @Nullable Instant since, @Nullable Instant until) {
	}

}
