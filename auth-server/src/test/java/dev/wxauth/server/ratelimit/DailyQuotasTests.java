package dev.wxauth.server.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.wxauth.server.testing.MigratedDatabase;
import dev.wxauth.server.testing.MutableClock;
import dev.wxauth.server.testing.Simultaneously;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared daily quotas on a real PostgreSQL; two instances are two {@link DailyQuotas} on one database. */
class DailyQuotasTests {

	/** 22:00 in Beijing. */
	static final Instant EVENING_IN_BEIJING = Instant.parse("2026-11-30T14:00:00Z");

	static MigratedDatabase database;

	static JdbcTemplate jdbc;

	static TransactionTemplate transactions;

	final MutableClock clock = new MutableClock(EVENING_IN_BEIJING);

	DailyQuotas quotas;

	@BeforeAll
	static void database() {
		database = new MigratedDatabase("daily_quotas");
		jdbc = database.jdbc();
		transactions = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
	}

	@AfterAll
	static void close() {
		database.close();
	}

	@BeforeEach
	void empty() {
		jdbc.update("DELETE FROM daily_quota_uses");
		this.quotas = new DailyQuotas(jdbc, transactions, this.clock);
	}

	static List<DailyQuotas.Use> phoneNumber(String user, int perUser, int perApp) {
		return List.of(new DailyQuotas.Use("per-user", user, perUser), new DailyQuotas.Use("per-app", "wxapp", perApp));
	}

	@Test
	void takeWhenUnderEveryLimitThenTakenUntilTheLimit() {
		assertThat(this.quotas.take(phoneNumber("alice", 2, 10))).isZero();
		assertThat(this.quotas.take(phoneNumber("alice", 2, 10))).isZero();

		assertThat(this.quotas.take(phoneNumber("alice", 2, 10))).isPositive();
		assertThat(this.quotas.take(phoneNumber("bob", 2, 10))).isZero();
	}

	@Test
	void takeWhenOneQuotaIsSpentThenNothingTakenFromTheOthers() {
		this.quotas.take(phoneNumber("alice", 5, 1));

		assertThat(this.quotas.take(phoneNumber("bob", 5, 1))).isPositive();
		assertThat(uses("per-user", "bob")).isZero();
		assertThat(uses("per-app", "wxapp")).isEqualTo(1);
	}

	@Test
	void takeWhenRefusedThenRetryAfterIsBeijingMidnightAndTheNewDayStartsAgain() {
		this.quotas.take(phoneNumber("alice", 1, 10));

		assertThat(this.quotas.take(phoneNumber("alice", 1, 10))).isEqualTo(Duration.ofHours(2));
		this.clock.advance(Duration.ofHours(2));
		assertThat(this.quotas.take(phoneNumber("alice", 1, 10))).isZero();
	}

	@Test
	void takeWhenNoLimitThenTakenAndNotCounted() {
		assertThat(this.quotas.take(phoneNumber("alice", 0, 0))).isZero();

		assertThat(jdbc.queryForObject("SELECT count(*) FROM daily_quota_uses", Integer.class)).isZero();
	}

	@Test
	void takeWhenTwoInstancesRaceForTheLastUsesThenExactlyTheLimitTaken() throws Exception {
		DailyQuotas other = new DailyQuotas(jdbc, transactions, this.clock);
		List<DailyQuotas> instances = List.of(this.quotas, other);
		int[] turn = { 0 };

		List<Duration> answers = Simultaneously.run(8, () -> {
			DailyQuotas instance;
			synchronized (turn) {
				instance = instances.get(turn[0]++ % 2);
			}
			return instance.take(phoneNumber("alice", 100, 5));
		});

		assertThat(answers.stream().filter(Duration::isZero)).hasSize(5);
		assertThat(uses("per-app", "wxapp")).isEqualTo(5);
	}

	@Test
	void purgeWhenDaysHavePassedThenOnlyTodayAndYesterdayKept() {
		this.quotas.take(phoneNumber("alice", 5, 5));
		this.clock.advance(Duration.ofDays(1));
		this.quotas.take(phoneNumber("alice", 5, 5));
		this.clock.advance(Duration.ofDays(1));
		this.quotas.take(phoneNumber("alice", 5, 5));

		assertThat(this.quotas.purge()).isEqualTo(2);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM daily_quota_uses", Integer.class)).isEqualTo(4);
	}

	int uses(String quota, String subject) {
		return jdbc.queryForObject("SELECT coalesce(sum(uses), 0) FROM daily_quota_uses WHERE quota = ? AND subject = ?",
				Integer.class, quota, subject);
	}

}
