package dev.wxauth.server.grant;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import dev.wxauth.server.crypto.Sha256;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.util.Assert;

/**
 * Every WeChat code we send upstream, by hash: a code goes to WeChat once, ever, whichever instance gets it. A
 * replay (the app retried, a callback arrived twice, an attacker) is refused here, without a WeChat call.
 * A code WeChat could not process (busy, timeout) is released, so that the app may retry it.
 */
public final class CodeRedemptions {

	private static final Duration KEPT = Duration.ofDays(1); // codes live 5 to 10 minutes

	private static final String CLAIM = "INSERT INTO wechat_code_redemptions (appid, code_hash) VALUES (?, ?)"
			+ " ON CONFLICT DO NOTHING";

	private static final String RELEASE = "DELETE FROM wechat_code_redemptions WHERE appid = ? AND code_hash = ?";

	private static final String PURGE = "DELETE FROM wechat_code_redemptions WHERE redeemed_at < ?";

	private final JdbcOperations jdbc;

	private final Clock clock;

	public CodeRedemptions(JdbcOperations jdbc, Clock clock) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** @return {@code true} when this is the first time the code is seen, and it is now ours to send */
	public boolean claim(String appid, String code) {
		return this.jdbc.update(CLAIM, appid, Sha256.of(code)) == 1;
	}

	/** Lets the code be tried again: WeChat never processed it. */
	public void release(String appid, String code) {
		this.jdbc.update(RELEASE, appid, Sha256.of(code));
	}

	@Scheduled(fixedDelayString = "1h", initialDelayString = "1h")
	public int purge() {
		return this.jdbc.update(PURGE, Timestamp.from(this.clock.instant().minus(KEPT)));
	}

}
