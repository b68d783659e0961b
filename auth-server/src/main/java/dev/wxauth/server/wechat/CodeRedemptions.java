package dev.wxauth.server.wechat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
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
 * Every WeChat code we send upstream, by hash: a code goes to WeChat once, ever, whichever instance gets it. A
 * replay (the app retried, an attacker) is refused here, without a WeChat call. A code WeChat could not process
 * (busy, timeout) is released, so that it may be tried again.
 * <p>
 * A web login's code may reach our callback more than once for one login (WeChat's browser opening the callback
 * twice, a reload, a double tap): the first callback records WeChat's answer, and the others of the same login
 * finish with it ({@link #exchangeOnce}).
 */
public final class CodeRedemptions {

	private static final Log logger = LogFactory.getLog(CodeRedemptions.class);

	private static final Duration KEPT = Duration.ofDays(1); // codes live 5 to 10 minutes

	private static final String CLAIM = "INSERT INTO wechat_code_redemptions (appid, code_hash) VALUES (?, ?)"
			+ " ON CONFLICT DO NOTHING";

	private static final String CLAIM_FOR_LOGIN = "INSERT INTO wechat_code_redemptions (appid, code_hash,"
			+ " login_state_hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";

	private static final String RECORD_ANSWER = "UPDATE wechat_code_redemptions"
			+ " SET openid = ?, unionid = ?, scopes = ?, snapshot_user = ? WHERE appid = ? AND code_hash = ?";

	private static final String RECORD_REFUSAL = "UPDATE wechat_code_redemptions SET refused = true"
			+ " WHERE appid = ? AND code_hash = ?";

	private static final String FIND_ANSWER = "SELECT login_state_hash, refused, openid, unionid, scopes,"
			+ " snapshot_user FROM wechat_code_redemptions WHERE appid = ? AND code_hash = ?";

	/** How often a repeated callback looks for the first one's answer: a primary-key read each time. */
	private static final Duration POLL = Duration.ofMillis(50);

	private static final String RELEASE = "DELETE FROM wechat_code_redemptions WHERE appid = ? AND code_hash = ?";

	private static final String PURGE = "DELETE FROM wechat_code_redemptions WHERE redeemed_at < ?";

	private final JdbcOperations jdbc;

	private final Clock clock;

	private final Duration patience;

	/**
	 * @param patience how long a repeated callback of a web login waits for the first one's answer: longer than the
	 * first one's code exchange may take
	 */
	public CodeRedemptions(JdbcOperations jdbc, Clock clock, Duration patience) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		Assert.isTrue(patience != null && patience.isPositive(), "patience must be positive");
		this.jdbc = jdbc;
		this.clock = clock;
		this.patience = patience;
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

	/**
	 * Sends a web login's {@code code} to WeChat through {@code exchange} once, however many times WeChat's callback
	 * brings it: the first callback claims the code, exchanges it, and records WeChat's answer without its tokens;
	 * another callback of the same {@code login} waits for that answer (a while, see the constructor) and finishes
	 * with it. A callback of another login with the same code (a stolen code) is refused at once.
	 * @param login the state of the login the callback belongs to, as this browser's own record of it says: only a
	 * callback of the same login shares the answer
	 * @return what WeChat answered; without WeChat's tokens ({@code accessToken} {@code null}) when another callback
	 * sent the code
	 * @throws OAuth2AuthenticationException {@code invalid_grant} for a code of another login or refused by WeChat,
	 * {@code temporarily_unavailable} when the callback that sent the code did not finish in time, or the RFC error
	 * of WeChat's failure (the code is released unless WeChat refused it)
	 */
	public SnsAccessToken exchangeOnce(WeChatApp app, String code, String login,
			Function<String, SnsAccessToken> exchange) {
		Assert.notNull(app, "app cannot be null");
		Assert.hasText(code, "code cannot be empty");
		Assert.hasText(login, "login cannot be empty");
		Assert.notNull(exchange, "exchange cannot be null");
		byte[] codeHash = Sha256.of(code);
		byte[] loginHash = Sha256.of(login);
		long deadline = System.nanoTime() + this.patience.toNanos();
		while (true) {
			if (this.jdbc.update(CLAIM_FOR_LOGIN, app.appid(), codeHash, loginHash) == 1) {
				return exchangeClaimed(app, code, codeHash, exchange);
			}
			// none: the callback that claimed it could not get an answer from WeChat and released it, claim it again
			Answer answer = findAnswer(app.appid(), codeHash);
			if (answer != null && !Arrays.equals(answer.loginHash(), loginHash)) {
				logger.warn("Refused a WeChat code of another login for app " + app.name());
				throw new OAuth2AuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The code was already used", null));
			}
			if (answer != null && answer.refused()) {
				logger.debug("A repeated callback with a code WeChat refused, for app " + app.name());
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
						"The WeChat code is invalid, expired or already used", null));
			}
			if (answer != null && answer.token() != null) {
				logger.debug("A repeated callback takes the first one's answer, for app " + app.name());
				return answer.token();
			}
			if (System.nanoTime() - deadline >= 0) {
				logger.debug("A repeated callback gave up waiting for the first one's answer, for app " + app.name());
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
						"The sign-in is still being completed", null));
			}
			pause();
		}
	}

	private SnsAccessToken exchangeClaimed(WeChatApp app, String code, byte[] codeHash,
			Function<String, SnsAccessToken> exchange) {
		SnsAccessToken token;
		try {
			token = exchange.apply(code);
		}
		catch (WeChatException ex) {
			if (ex.kind() != WeChatException.Kind.INVALID_GRANT) {
				release(app.appid(), code);
			}
			else {
				this.jdbc.update(RECORD_REFUSAL, app.appid(), codeHash);
			}
			logger.debug("WeChat refused a code for app " + app.name() + ": " + ex.kind());
			throw ex.toOAuth2Exception();
		}
		this.jdbc.update(RECORD_ANSWER, token.openid(), token.unionid(), String.join(" ", token.scopes()),
				token.snapshotUser(), app.appid(), codeHash);
		return token;
	}

	private Answer findAnswer(String appid, byte[] codeHash) {
		List<Answer> answers = this.jdbc.query(FIND_ANSWER, (row, i) -> {
			String openid = row.getString("openid");
			SnsAccessToken token = (openid != null) ? SnsAccessToken.withoutCredentials(openid,
					new LinkedHashSet<>(Arrays.asList(row.getString("scopes").split(" "))), row.getString("unionid"),
					row.getBoolean("snapshot_user")) : null;
			return new Answer(row.getBytes("login_state_hash"), row.getBoolean("refused"), token);
		}, appid, codeHash);
		return answers.isEmpty() ? null : answers.getFirst();
	}

	private static void pause() {
		try {
			Thread.sleep(POLL);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
					"The sign-in is still being completed", null));
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

	/**
	 * A web login's claim on a code as another callback finds it.
	 * @param loginHash the claiming login's state, hashed; {@code null} for a code claimed at the token endpoint
	 * @param token WeChat's answer without its tokens, once there is one
	 */
	private record Answer(byte[] loginHash, boolean refused, SnsAccessToken token) {
	}

}
