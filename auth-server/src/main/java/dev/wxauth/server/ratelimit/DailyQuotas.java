package dev.wxauth.server.ratelimit;

import java.sql.Date;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * Quotas per day shared by every instance, counted in PostgreSQL: what costs money whichever instance spends it.
 * Days are Beijing days, as WeChat counts and bills them.
 */
public final class DailyQuotas {

	/** The time zone of WeChat's days. */
	public static final ZoneId WECHAT_DAY = ZoneId.of("Asia/Shanghai");

	// @formatter:off
	private static final String TAKE = "INSERT INTO daily_quota_uses (quota, subject, day, uses) VALUES (?, ?, ?, 1)"
			+ " ON CONFLICT (quota, subject, day) DO UPDATE SET uses = daily_quota_uses.uses + 1"
			+ " WHERE daily_quota_uses.uses < ? RETURNING uses";

	private static final String GIVE_BACK = "UPDATE daily_quota_uses SET uses = uses - 1"
			+ " WHERE quota = ? AND subject = ? AND day = ? AND uses > 0";
	// @formatter:on

	private final JdbcOperations jdbc;

	private final TransactionOperations transactions;

	private final Clock clock;

	public DailyQuotas(JdbcOperations jdbc, TransactionOperations transactions) {
		this(jdbc, transactions, Clock.systemUTC());
	}

	DailyQuotas(JdbcOperations jdbc, TransactionOperations transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Takes one use of each quota, all or none: a quota at its limit takes nothing from the others.
	 * @return {@link Duration#ZERO} when taken; otherwise how long until the next day, when each quota starts again
	 */
	public Duration take(List<Use> uses) {
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, WECHAT_DAY);
		Boolean taken = this.transactions.execute((transaction) -> {
			for (Use use : uses) {
				if (use.limit() > 0 && !takeOne(use, today)) {
					transaction.setRollbackOnly();
					return false;
				}
			}
			return true;
		});
		if (Boolean.TRUE.equals(taken)) {
			return Duration.ZERO;
		}
		return Duration.between(now, today.plusDays(1).atStartOfDay(WECHAT_DAY).toInstant());
	}

	/**
	 * Gives back one use of each quota, taken for a request that then could not be served at all (its upstream was
	 * unavailable), so that retrying it costs the person nothing.
	 */
	public void giveBack(List<Use> uses) {
		Date today = Date.valueOf(LocalDate.ofInstant(this.clock.instant(), WECHAT_DAY));
		this.transactions.executeWithoutResult((transaction) -> uses.stream()
			.filter((use) -> use.limit() > 0)
			.forEach((use) -> this.jdbc.update(GIVE_BACK, use.quota(), use.subject(), today)));
	}

	/** Counts one use unless the quota is at its limit: the statement answers a row only when it counted. */
	private boolean takeOne(Use use, LocalDate today) {
		return Boolean.TRUE.equals(this.jdbc.query(TAKE, (ResultSetExtractor<Boolean>) ResultSet::next, use.quota(), use.subject(),
				Date.valueOf(today), use.limit()));
	}

	/** Deletes the counts of days before yesterday; safe to run on every instance at once. */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	public int purge() {
		return this.jdbc.update("DELETE FROM daily_quota_uses WHERE day < ?",
				Date.valueOf(LocalDate.ofInstant(this.clock.instant(), WECHAT_DAY).minusDays(1)));
	}

	/**
	 * One use of a quota.
	 * @param quota which quota, e.g. {@code phone-numbers-per-user}
	 * @param subject whose: a user id, an app name
	 * @param limit uses a day; {@code 0} for no limit
	 */
	public record Use(String quota, String subject, int limit) {

		public Use {
			Assert.hasText(quota, "quota cannot be empty");
			Assert.hasText(subject, "subject cannot be empty");
			Assert.isTrue(limit >= 0, "limit cannot be negative");
		}

	}

}
