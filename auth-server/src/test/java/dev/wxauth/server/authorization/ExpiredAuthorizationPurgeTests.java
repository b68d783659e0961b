package dev.wxauth.server.authorization;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.wxauth.server.properties.WxauthProperties;
import dev.wxauth.server.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purge of dead authorizations, on a real database.
 */
class ExpiredAuthorizationPurgeTests {

	static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	MigratedDatabase database;

	JdbcTemplate jdbc;

	ExpiredAuthorizationPurge purge;

	@BeforeEach
	void setUp() {
		this.database = new MigratedDatabase("purge");
		this.jdbc = this.database.jdbc();
		this.purge = new ExpiredAuthorizationPurge(this.jdbc,
				new WxauthProperties.Authorizations(Duration.ofHours(1), Duration.ofDays(1), Duration.ofSeconds(30)), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@AfterEach
	void tearDown() {
		this.database.close();
	}

	@Test
	void purgeWhenEveryCredentialExpiredThenDeleted() {
		insert("expired", "access", NOW.minusSeconds(60), "refresh", NOW.minusSeconds(1), NOW.minus(Duration.ofDays(30)));

		assertThat(this.purge.purge()).isEqualTo(1);
		assertThat(ids()).isEmpty();
	}

	@Test
	void purgeWhenRefreshTokenStillValidThenKept() {
		insert("refreshable", "access", NOW.minusSeconds(60), "refresh", NOW.plusSeconds(3600), NOW.minus(Duration.ofDays(30)));

		assertThat(this.purge.purge()).isZero();
		assertThat(ids()).containsExactly("refreshable");
	}

	@Test
	void purgeWhenAccessTokenOnlyAndLiveThenKept() {
		insert("live", "access", NOW.plusSeconds(60), null, null, NOW.minusSeconds(10));

		assertThat(this.purge.purge()).isZero();
	}

	@Test
	void purgeWhenNoCredentialAndOlderThanUnfinishedLifetimeThenDeleted() {
		insert("abandoned", null, null, null, null, NOW.minus(Duration.ofDays(2)));
		insert("in-progress", null, null, null, null, NOW.minus(Duration.ofMinutes(5)));

		assertThat(this.purge.purge()).isEqualTo(1);
		assertThat(ids()).containsExactly("in-progress");
	}

	@Test
	void purgeWhenMoreThanOneBatchThenDeletesAll() {
		for (int i = 0; i < 2500; i++) {
			insert("old-" + i, "access-" + i, NOW.minusSeconds(60), null, null, NOW.minus(Duration.ofDays(1)));
		}

		assertThat(this.purge.purge()).isEqualTo(2500);
		assertThat(ids()).isEmpty();
	}

	private void insert(String id, String accessToken, Instant accessExpires, String refreshToken, Instant refreshExpires,
			Instant createdAt) {
		this.jdbc.update("INSERT INTO oauth2_authorization (id, registered_client_id, principal_name,"
				+ " authorization_grant_type, access_token_value, access_token_expires_at, refresh_token_value,"
				+ " refresh_token_expires_at, created_at) VALUES (?, 'client', 'principal', 'client_credentials', ?, ?, ?, ?, ?)",
				id, accessToken, timestamp(accessExpires), refreshToken, timestamp(refreshExpires), timestamp(createdAt));
	}

	private List<String> ids() {
		return this.jdbc.queryForList("SELECT id FROM oauth2_authorization", String.class);
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
