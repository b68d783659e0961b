package dev.wxauth.server.wechat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import dev.wxauth.server.crypto.Sha256;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.Assert;

/**
 * Every WeChat code we send upstream from the token endpoint, by hash: a code goes to WeChat once, ever, whichever
 * instance gets it. A replay (the app retried, an attacker) is refused here, without a WeChat call. A code WeChat
 * could not process (busy, timeout) is released, so that the app may retry it.
 */
public final class CodeRedemptions {

	private static final Log logger = LogFactory.getLog(CodeRedemptions.class);

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

	/**
	 * Sends {@code code} to WeChat through {@code exchange}, unless it was sent before.
	 * @return what WeChat answered
	 * @throws OAuth2AuthenticationException {@code invalid_grant} for a replayed code, or the RFC error of WeChat's
	 * failure (the code is released unless WeChat refused it)
	 */
	public <T> T redeemOnce(WeChatApp app, String code, Function<String, T> exchange) {
		Assert.notNull(app, "app cannot be null");
		Assert.hasText(code, "code cannot be empty");
		Assert.notNull(exchange, "exchange cannot be null");
		if (!claim(app.appid(), code)) {
			logger.warn("Refused a replayed WeChat code for app " + app.name());
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The code was already used", null));
		}
		try {
			return exchange.apply(code);
		}
		catch (WeChatException ex) {
			if (ex.kind() != WeChatException.Kind.INVALID_GRANT) {
				// WeChat did not refuse the code, and most likely never processed it (busy, unreachable): the app may
				// try it again; after a timeout WeChat may have used it, and then answers the retry with invalid_grant
				release(app.appid(), code);
			}
			logger.debug("WeChat refused a code for app " + app.name() + ": " + ex.kind());
			throw ex.toOAuth2Exception();
		}
	}

	/** @return {@code true} when this is the first time the code is seen, and it is now ours to send */
	boolean claim(String appid, String code) {
		return this.jdbc.update(CLAIM, appid, Sha256.of(code)) == 1;
	}

	/** Lets the code be tried again: WeChat never processed it. */
	void release(String appid, String code) {
		this.jdbc.update(RELEASE, appid, Sha256.of(code));
	}

	@Scheduled(fixedDelayString = "1h", initialDelayString = "1h")
	public int purge() {
		return this.jdbc.update(PURGE, Timestamp.from(this.clock.instant().minus(KEPT)));
	}

}
