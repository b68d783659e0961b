package dev.wxauth.server.wechat.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.util.Assert;

/**
 * The pushes taken, by app and signed timestamp and nonce, so that the same signed request is taken once: a push's
 * signature covers its timestamp and nonce (and in safe mode its ciphertext), not the moment it arrives, so whoever saw
 * one could send it again within the window. Recorded in the transaction of the push's effect, so that a push that
 * failed may come again; purged once its timestamp is out of the window, when the window alone refuses it.
 */
final class PushReceipts {

	// @formatter:off
	private static final String RECORD = "INSERT INTO wechat_push_receipts (app, signed_timestamp, nonce, received_at)"
			+ " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
	// @formatter:on

	private final JdbcOperations jdbc;

	private final Duration window;

	private final Clock clock;

	PushReceipts(JdbcOperations jdbc, Duration window, Clock clock) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.isTrue(window != null && window.isPositive(), "window must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.jdbc = jdbc;
		this.window = window;
		this.clock = clock;
	}

	/**
	 * Must run in the transaction of the push's effect. A push taken at the same moment by another instance makes
	 * this wait until that one commits (refused then) or rolls back (taken here).
	 * @return {@code false} when this push was taken before: a replay
	 */
	boolean record(String app, long timestamp, String nonce) {
		return this.jdbc.update(RECORD, app, timestamp, nonce, Timestamp.from(this.clock.instant())) == 1;
	}

	/** @return how many receipts went: those whose timestamp the window refuses anyway */
	@Scheduled(fixedDelayString = "${wxauth.authorizations.purge-interval:1h}",
			initialDelayString = "${wxauth.authorizations.purge-interval:1h}")
	public int purge() {
		long oldest = this.clock.instant().minus(this.window).getEpochSecond();
		return this.jdbc.update("DELETE FROM wechat_push_receipts WHERE signed_timestamp < ?", oldest);
	}

}
