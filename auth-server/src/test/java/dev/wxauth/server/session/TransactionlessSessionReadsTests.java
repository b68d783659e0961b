package dev.wxauth.server.session;

import java.time.Duration;
import java.time.Instant;

import dev.wxauth.server.testing.ConnectionCountingDataSource;
import dev.wxauth.server.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over Spring Session's JDBC store and real PostgreSQL: which of its operations begin a transaction.
 */
class TransactionlessSessionReadsTests {

	MigratedDatabase database;

	ConnectionCountingDataSource dataSource;

	FindByIndexNameSessionRepository<Session> sessions;

	@BeforeEach
	@SuppressWarnings({ "unchecked", "rawtypes" }) // the store's session class is not public
	void setUp() {
		this.database = new MigratedDatabase("transactionless_session_reads");
		this.dataSource = new ConnectionCountingDataSource(this.database.dataSource());
		this.sessions = (FindByIndexNameSessionRepository) TransactionlessSessionReads.repository(new JdbcIndexedSessionRepository(
				new JdbcTemplate(this.dataSource),
				TransactionlessSessionReads.transactions(new DataSourceTransactionManager(this.dataSource))));
	}

	@AfterEach
	void tearDown() {
		this.database.close();
	}

	String signedIn() {
		Session session = this.sessions.createSession();
		session.setAttribute("signed-in", "alice");
		this.sessions.save(session);
		return session.getId();
	}

	@Test
	void findByIdThenOneQueryWithoutTransaction() {
		String id = signedIn();
		this.dataSource.reset();

		Session found = this.sessions.findById(id);

		assertThat(found).isNotNull();
		assertThat(found.<String>getAttribute("signed-in")).isEqualTo("alice");
		assertThat(this.dataSource.connectionsTaken).hasValue(1);
		assertThat(this.dataSource.transactionsBegun).hasValue(0);
	}

	@Test
	void saveWhenNewThenInOneTransaction() {
		signedIn();

		assertThat(this.dataSource.transactionsBegun).hasValue(1);
	}

	@Test
	void saveWhenChangedThenInOneTransaction() {
		String id = signedIn();
		Session session = this.sessions.findById(id);
		session.setAttribute("consent", "api.read");
		session.removeAttribute("signed-in");
		this.dataSource.reset();

		this.sessions.save(session);

		assertThat(this.dataSource.transactionsBegun).hasValue(1);
		Session found = this.sessions.findById(id);
		assertThat(found.getAttributeNames()).containsExactly("consent");
	}

	@Test
	void findByIdWhenExpiredThenDeletedAndAbsent() {
		Session session = this.sessions.createSession();
		session.setMaxInactiveInterval(Duration.ofMinutes(1));
		session.setLastAccessedTime(Instant.now().minus(Duration.ofMinutes(2)));
		this.sessions.save(session);

		assertThat(this.sessions.findById(session.getId())).isNull();
		Long stored = this.database.jdbc()
			.queryForObject("SELECT count(*) FROM spring_session WHERE session_id = ?", Long.class, session.getId());
		assertThat(stored).isZero();
	}

	@Test
	void readOutsideTheRepositoryThenMarkGone() {
		TransactionlessSessionReads.read(() -> "read");
		String id = signedIn();

		assertThat(this.dataSource.transactionsBegun).hasValue(1);
		assertThat(this.sessions.findById(id).<String>getAttribute("signed-in")).isEqualTo("alice");
	}

}
