package dev.wxauth.server.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The login event log's buffer against the real database: nothing written until a flush (or the background writer),
 * the order kept, batches, a database that goes away and comes back, the bound with its drop counter and its
 * occasional warning, values its columns cannot hold, and the writer that writes what waits when stopped.
 */
@AuthServerTest
@ExtendWith(OutputCaptureExtension.class)
class LoginEventLogTests {

	static final int CAPACITY = 5;

	static final int BATCH_SIZE = 2;

	@Autowired
	DataSource dataSource;

	SwitchableDatabase database;

	MeterRegistry registry = new SimpleMeterRegistry();

	MutableClock clock = new MutableClock(Instant.now());

	/** Every event of a test is its own client's: other test classes log in meanwhile. */
	String client = "buffer-" + UUID.randomUUID();

	LoginEventLog log;

	@BeforeEach
	void log() {
		this.database = new SwitchableDatabase(this.dataSource);
		this.log = newLog(Duration.ofMillis(50));
	}

	LoginEventLog newLog(Duration interval) {
		return new LoginEventLog(this.database, this.registry, Duration.ofDays(90), this.clock, CAPACITY, BATCH_SIZE,
				interval);
	}

	LoginEvent event(String reason) {
		return new LoginEvent(0, Instant.now().truncatedTo(ChronoUnit.MICROS),
				new LoginAttempt("mini-program", "mini-program", this.client, LoginOutcome.UPSTREAM_BUSY, reason, null,
						false),
				"127.0.0.1", "test");
	}

	List<LoginEvent> written() {
		return this.log.find(new LoginEventLog.Filter(null, this.client, null, null, null, null, null), null, 100);
	}

	List<String> writtenReasons() {
		return written().stream().map((event) -> event.attempt().reason()).toList();
	}

	double dropped() {
		return this.registry.get("wxauth.login.events.dropped").counter().count();
	}

	@Test
	void flushWhenEventsWaitThenWrittenInTheirOrderOneInsertABatch() {
		UUID userId = UUID.randomUUID();
		LoginEvent success = new LoginEvent(0, Instant.now().truncatedTo(ChronoUnit.MICROS),
				LoginAttempt.succeeded("website", "website", this.client, userId, true), "2001:db8::1", "Mozilla/5.0");
		this.log.append(success);
		for (int i = 1; i <= 4; i++) {
			this.log.append(event("e" + i));
		}

		assertThat(this.database.inserts.get()).as("appending never touches the database").isZero();
		assertThat(written()).isEmpty();
		this.log.flush();

		assertThat(this.database.inserts.get()).as("five events, batches of two").isEqualTo(3);
		List<LoginEvent> events = written();
		assertThat(events).extracting((event) -> event.attempt().reason()).containsExactly("e4", "e3", "e2", "e1", null);
		assertThat(events).extracting(LoginEvent::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		LoginEvent stored = events.getLast();
		assertThat(stored.attempt()).isEqualTo(success.attempt());
		assertThat(stored.occurredAt()).isEqualTo(success.occurredAt());
		assertThat(stored.ipAddress()).isEqualTo("2001:db8::1");
		assertThat(stored.userAgent()).isEqualTo("Mozilla/5.0");
		assertThat(this.log.waiting()).isZero();
	}

	@Test
	void flushWhenTheDatabaseIsAwayThenTheEventsWaitAndAreWrittenOnceItIsBack() {
		this.database.down = true;
		this.log.append(event("e1"));
		this.log.append(event("e2"));
		this.log.append(event("e3"));

		assertThatExceptionOfType(DataAccessException.class).isThrownBy(this.log::flush);
		assertThat(this.log.waiting()).isEqualTo(3);
		this.database.down = false;
		this.log.flush();

		assertThat(writtenReasons()).containsExactly("e3", "e2", "e1");
		assertThat(dropped()).isZero();
	}

	@Test
	void appendWhenTheBufferIsFullThenTheOldestDroppedCountedAndWarnedAtMostOnceAMinute(CapturedOutput output) {
		this.database.down = true;
		for (int i = 1; i <= CAPACITY + 2; i++) {
			this.log.append(event("e" + i));
		}
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(this.log::flush);

		assertThat(dropped()).isEqualTo(2);
		assertThat(this.log.waiting()).isEqualTo(CAPACITY);
		assertThat(warnings(output)).isOne();
		this.clock.advance(Duration.ofSeconds(61));
		this.log.append(event("e8"));
		assertThat(dropped()).isEqualTo(3);
		assertThat(warnings(output)).isEqualTo(2);

		this.database.down = false;
		this.log.flush();
		assertThat(writtenReasons()).containsExactly("e8", "e7", "e6", "e5", "e4");
	}

	static long warnings(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("WARN") && line.contains("Login events dropped"))
			.count();
	}

	@Test
	void flushWhenAValueDoesNotFitItsColumnThenStoredShortenedNotRefused() {
		LoginEvent odd = new LoginEvent(0, Instant.now(),
				new LoginAttempt("website", "website", this.client, LoginOutcome.UPSTREAM_ERROR, "r".repeat(2_000), null,
						false),
				"x".repeat(100), "Bad\0Agent" + "a".repeat(300));
		this.log.append(odd);
		this.log.append(event("after"));

		this.log.flush();

		assertThat(writtenReasons()).hasSize(2).element(1).asString().hasSize(500);
		LoginEvent stored = written().getLast();
		assertThat(stored.userAgent()).startsWith("BadAgent").hasSize(256);
		assertThat(stored.ipAddress()).hasSize(64);
	}

	@Test
	void stopWhenEventsWaitThenTheWriterWritesThemBeforeItReturns() {
		LoginEventLog running = newLog(Duration.ofHours(1));
		running.start();
		running.append(event("e1"));

		running.stop();

		assertThat(running.isRunning()).isFalse();
		assertThat(writtenReasons()).containsExactly("e1");
	}

	@Test
	void startWhenABatchFillsThenTheWriterWritesItWithoutWaitingForTheInterval() throws InterruptedException {
		LoginEventLog running = newLog(Duration.ofHours(1));
		running.start();
		try {
			running.append(event("e1"));
			Thread.sleep(200);
			assertThat(writtenReasons()).as("half a batch waits for the interval").isEmpty();
			running.append(event("e2"));

			Instant deadline = Instant.now().plusSeconds(10);
			while (writtenReasons().size() < 2 && Instant.now().isBefore(deadline)) {
				Thread.sleep(20);
			}
			assertThat(writtenReasons()).containsExactly("e2", "e1");
		}
		finally {
			running.stop();
		}
	}

	/** The real database, or one that cannot be reached, at the test's word; counts the inserts that reach it. */
	static final class SwitchableDatabase extends JdbcTemplate {

		volatile boolean down;

		final AtomicInteger inserts = new AtomicInteger();

		SwitchableDatabase(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		public int update(String sql, Object... args) {
			if (this.down) {
				throw new CannotGetJdbcConnectionException("The test took the database away");
			}
			if (sql.startsWith("INSERT")) {
				this.inserts.incrementAndGet();
			}
			return super.update(sql, args);
		}

	}

}
