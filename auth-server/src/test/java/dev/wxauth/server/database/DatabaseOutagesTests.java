package dev.wxauth.server.database;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are the database being away ({@link DatabaseOutages#isOutage}), and which are not. */
class DatabaseOutagesTests {

	@Test
	void isOutageWhenNoConnectionOrTheServerShuttingDownThenTrue() {
		assertThat(DatabaseOutages.isOutage(new CannotGetJdbcConnectionException("pool",
				new SQLTransientConnectionException("HikariPool-1 - Connection is not available")))).isTrue();
		assertThat(DatabaseOutages.isOutage(new CannotCreateTransactionException("no connection"))).isTrue();
		assertThat(DatabaseOutages.isOutage(new IllegalStateException("wrapped",
				new UncategorizedSQLException("select", "select 1", new SQLException("terminating", "57P01")))))
			.isTrue();
		assertThat(DatabaseOutages.isOutage(new SQLException("An I/O error occurred", "08006"))).isTrue();
		assertThat(DatabaseOutages.isOutage(new SQLException("too many clients", "53300"))).isTrue();
	}

	@Test
	void isOutageWhenTheRequestOrTheCodeFailedThenFalse() {
		assertThat(DatabaseOutages.isOutage(new DataIntegrityViolationException("duplicate key"))).isFalse();
		assertThat(DatabaseOutages.isOutage(new SQLException("syntax error", "42601"))).isFalse();
		assertThat(DatabaseOutages.isOutage(new IllegalStateException("no"))).isFalse();
		assertThat(DatabaseOutages.isOutage(new SQLException("no state"))).isFalse();
	}

}
