package dev.wxauth.server.db;

import java.util.List;

import dev.wxauth.server.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migrations in db/migration, applied to an empty PostgreSQL database as packaged in the auth-server jar.
 */
class MigrationTests {

	@Test
	void migrateWhenEmptyDatabaseThenEveryTableAndTokenIndexExists() {
		TestPostgres.Database database = TestPostgres.newDatabase("migrations");
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
				database.password());

		MigrateResult result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

		assertThat(result.success).isTrue();
		assertThat(result.migrationsExecuted).isGreaterThanOrEqualTo(4);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		List<String> tables = jdbc.queryForList(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", String.class);
		assertThat(tables).contains("oauth2_registered_client", "oauth2_authorization", "oauth2_authorization_consent",
				"users", "wechat_identities", "signing_keys", "spring_session", "spring_session_attributes");
		List<String> indexedColumns = jdbc.queryForList("""
				SELECT a.attname FROM pg_index i
				JOIN pg_class t ON t.oid = i.indrelid
				JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
				WHERE t.relname = 'oauth2_authorization'""", String.class);
		assertThat(indexedColumns).contains("state", "authorization_code_value", "access_token_value",
				"oidc_id_token_value", "refresh_token_value", "user_code_value", "device_code_value");
		assertThat(jdbc.queryForObject("""
				SELECT data_type FROM information_schema.columns
				WHERE table_name = 'oauth2_authorization' AND column_name = 'access_token_value'""", String.class))
			.isEqualTo("text");
		assertThat(jdbc.queryForObject("""
				SELECT data_type FROM information_schema.columns
				WHERE table_name = 'oauth2_authorization' AND column_name = 'access_token_expires_at'""", String.class))
			.isEqualTo("timestamp with time zone");
	}

	@Test
	void migrateWhenAppliedTwiceThenNothingToDo() {
		TestPostgres.Database database = TestPostgres.newDatabase("migrations_twice");
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
				database.password());
		Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
		flyway.migrate();

		assertThat(flyway.migrate().migrationsExecuted).isZero();
	}

	@Test
	void registeredClientWhenSameClientIdTwiceThenRejected() {
		TestPostgres.Database database = TestPostgres.newDatabase("unique_client_id");
		DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
				database.password());
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		String insert = "INSERT INTO oauth2_registered_client (id, client_id, client_name, client_authentication_methods,"
				+ " authorization_grant_types, scopes, client_settings, token_settings) VALUES (?, 'same', 'n', 'm', 'g', 's', '{}', '{}')";
		jdbc.update(insert, "1");

		org.assertj.core.api.Assertions.assertThatExceptionOfType(org.springframework.dao.DuplicateKeyException.class)
			.isThrownBy(() -> jdbc.update(insert, "2"));
	}

	/**
	 * What {@code PersonalData} finds by the person (their authorizations and consents by principal name, their
	 * codes' records by identity and unionid) is found through an index, not a scan of a table that grows with every
	 * login: each plan, with sequential scans priced out, names the index meant for it.
	 */
	@Test
	void migrateWhenEmptyDatabaseThenWhatIsLookedUpByThePersonIsIndexed() {
		TestPostgres.Database database = TestPostgres.newDatabase("personal_data_indexes");
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(database.url(), database.username(),
				database.password(), true);
		try {
			Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			jdbc.execute("SET enable_seqscan = off");

			assertThat(plan(jdbc, "DELETE FROM oauth2_authorization WHERE principal_name = 'p'"))
				.contains("oauth2_authorization_principal_name_idx");
			assertThat(plan(jdbc, "DELETE FROM oauth2_authorization_consent WHERE principal_name = 'p'"))
				.contains("oauth2_authorization_consent_principal_name_idx");
			assertThat(plan(jdbc, "DELETE FROM wechat_code_redemptions WHERE appid = 'a' AND openid = 'o'"))
				.contains("wechat_code_redemptions_identity_idx");
			assertThat(plan(jdbc, "DELETE FROM wechat_code_redemptions WHERE unionid = ANY ('{u}'::text[])"))
				.contains("wechat_code_redemptions_unionid_idx");
		}
		finally {
			dataSource.destroy();
		}
	}

	private static String plan(JdbcTemplate jdbc, String statement) {
		return String.join("\n", jdbc.queryForList("EXPLAIN " + statement, String.class));
	}

}
