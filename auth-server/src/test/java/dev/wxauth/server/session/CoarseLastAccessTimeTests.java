package dev.wxauth.server.session;

import java.time.Duration;
import java.time.Instant;

import dev.wxauth.server.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over Spring Session's JDBC store and real PostgreSQL: which requests write the session's row.
 */
class CoarseLastAccessTimeTests {

	static MigratedDatabase database;

	static JdbcTemplate jdbc;

	static FindByIndexNameSessionRepository<Session> sessions;

	@BeforeAll
	static void store() {
		database = new MigratedDatabase("coarse_last_access");
		jdbc = database.jdbc();
		sessions = CoarseLastAccessTime.repository(new JdbcIndexedSessionRepository(jdbc,
				new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()))));
	}

	@AfterAll
	static void close() {
		database.close();
	}

	/** A new session, saved as the callback of a login saves it. */
	String signedIn() {
		Session session = sessions.createSession();
		session.setMaxInactiveInterval(Duration.ofMinutes(30));
		session.setAttribute("signed-in", "alice");
		sessions.save(session);
		return session.getId();
	}

	/** What Spring Session's filter does on each request of the browser. */
	void requestAt(String id, Instant now) {
		Session session = sessions.findById(id);
		session.setLastAccessedTime(now);
		sessions.save(session);
	}

	Instant storedLastAccess(String id) {
		return Instant.ofEpochMilli(jdbc.queryForObject("SELECT last_access_time FROM spring_session WHERE session_id = ?",
				Long.class, id));
	}

	long rowVersion(String id) {
		// xmin changes with every write of the row
		return jdbc.queryForObject("SELECT xmin::text::bigint FROM spring_session WHERE session_id = ?", Long.class, id);
	}

	@Test
	void requestWhenWithinAMinuteOfTheRecordedAccessThenRowNotWritten() {
		String id = signedIn();
		Instant signIn = storedLastAccess(id);
		long version = rowVersion(id);

		requestAt(id, signIn.plusSeconds(5));
		requestAt(id, signIn.plusSeconds(59));

		assertThat(rowVersion(id)).isEqualTo(version);
		assertThat(storedLastAccess(id)).isEqualTo(signIn);
	}

	@Test
	void requestWhenAMinuteAfterTheRecordedAccessThenRecorded() {
		String id = signedIn();
		Instant signIn = storedLastAccess(id);

		requestAt(id, signIn.plusSeconds(30));
		requestAt(id, signIn.plusSeconds(61));

		assertThat(storedLastAccess(id)).isEqualTo(signIn.plusSeconds(61));
		long expiry = jdbc.queryForObject("SELECT expiry_time FROM spring_session WHERE session_id = ?", Long.class, id);
		assertThat(Instant.ofEpochMilli(expiry)).isEqualTo(signIn.plusSeconds(61).plus(Duration.ofMinutes(30)));
	}

	@Test
	void requestWhenAttributeChangesThenAttributeSavedWhateverTheTime() {
		String id = signedIn();
		Instant signIn = storedLastAccess(id);

		Session session = sessions.findById(id);
		session.setLastAccessedTime(signIn.plusSeconds(2));
		session.setAttribute("consent", "api.read");
		sessions.save(session);

		assertThat(sessions.findById(id).<String>getAttribute("consent")).isEqualTo("api.read");
	}

	@Test
	void stepWhenShortIdleTimeoutThenATenthOfIt() {
		assertThat(CoarseLastAccessTime.step(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(1));
		assertThat(CoarseLastAccessTime.step(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(30));
		assertThat(CoarseLastAccessTime.step(Duration.ofSeconds(-1))).isEqualTo(Duration.ofMinutes(1));
	}

}
