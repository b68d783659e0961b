package dev.wxauth.server.testing;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A new test database with the project's migrations applied, for tests of one component over real SQL.
 */
public final class MigratedDatabase implements AutoCloseable {

	private final HikariDataSource dataSource = new HikariDataSource();

	public MigratedDatabase(String purpose) {
		TestPostgres.Database database = TestPostgres.newDatabase(purpose);
		this.dataSource.setJdbcUrl(database.url());
		this.dataSource.setUsername(database.username());
		this.dataSource.setPassword(database.password());
		this.dataSource.setMaximumPoolSize(4);
		Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration").load().migrate();
	}

	public HikariDataSource dataSource() {
		return this.dataSource;
	}

	public JdbcTemplate jdbc() {
		return new JdbcTemplate(this.dataSource);
	}

	@Override
	public void close() {
		this.dataSource.close();
	}

}
