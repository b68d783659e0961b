package dev.wxauth.server.wechat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import dev.wxauth.server.crypto.AtRestEncryptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Each app's WeChat access token, shared by every instance through PostgreSQL. WeChat caps how often a token
 * may be fetched and a new one can invalidate the one another instance holds, so there is one token per app:
 * read from the table while it has more than {@link #REFRESH_AHEAD} to live, otherwise refreshed by the one
 * instance that holds the row lock ({@code SELECT ... FOR UPDATE}) while the others wait and then read its
 * result. A call that WeChat rejects for the token (40001 / 42001) gets one forced refresh and one retry.
 */
public final class AppAccessTokens {

	private static final Log logger = LogFactory.getLog(AppAccessTokens.class);

	static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);

	// @formatter:off
	private static final String ENSURE_ROW = "INSERT INTO wechat_app_access_tokens (appid) VALUES (?) ON CONFLICT DO NOTHING";

	private static final String SELECT = "SELECT token_encrypted, expires_at FROM wechat_app_access_tokens WHERE appid = ?";

	private static final String SELECT_FOR_UPDATE = SELECT + " FOR UPDATE";

	private static final String UPDATE = "UPDATE wechat_app_access_tokens SET token_encrypted = ?, expires_at = ?,"
			+ " updated_at = ? WHERE appid = ?";
	// @formatter:on

	private final JdbcOperations jdbc;

	private final TransactionOperations transactions;

	private final AtRestEncryptor encryptor;

	private final WeChatApiClient api;

	private final WeChatMetrics metrics;

	private final Clock clock;

	public AppAccessTokens(JdbcOperations jdbc, TransactionOperations transactions, AtRestEncryptor encryptor,
			WeChatApiClient api, WeChatMetrics metrics, Clock clock) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(encryptor, "encryptor cannot be null");
		Assert.notNull(api, "api cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.encryptor = encryptor;
		this.api = api;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Calls WeChat with the app's access token; when WeChat rejects the token, refreshes it (forced) and calls
	 * once more.
	 */
	public <T> T call(WeChatApp app, Function<String, T> weChatCall) {
		String token = current(app);
		try {
			return weChatCall.apply(token);
		}
		catch (WeChatException ex) {
			if (!ex.isAccessTokenRejected()) {
				throw ex;
			}
			logger.debug("WeChat rejected the access token of " + app.appid() + " (errcode " + ex.errcode()
					+ "): refreshing once");
			return weChatCall.apply(refresh(app, token));
		}
	}

	/** The app's token, from the table when fresh enough, otherwise refreshed by exactly one instance. */
	public String current(WeChatApp app) {
		String fresh = readFresh(app);
		return (fresh != null) ? fresh : refresh(app, null);
	}

	/**
	 * Replaces the token, unless another instance already replaced {@code rejected} (or the stale one) meanwhile.
	 * @param rejected the token WeChat refused, or {@code null} when it merely got old
	 */
	String refresh(WeChatApp app, String rejected) {
		return this.transactions.execute((tx) -> {
			this.jdbc.update(ENSURE_ROW, app.appid());
			List<Stored> rows = this.jdbc.query(SELECT_FOR_UPDATE,
					(rs, i) -> new Stored(rs.getBytes("token_encrypted"), rs.getTimestamp("expires_at")), app.appid());
			Stored stored = rows.getFirst();
			String current = (stored.token() != null) ? decrypt(app, stored.token()) : null;
			boolean stillFresh = current != null && stored.expiresAt() != null
					&& stored.expiresAt().toInstant().isAfter(this.clock.instant().plus(REFRESH_AHEAD));
			if (stillFresh && (rejected == null || !rejected.equals(current))) {
				return current;
			}
			AppAccessToken token = this.api.stableToken(app, rejected != null);
			this.metrics.appTokenFetched(app, rejected != null);
			Instant now = this.clock.instant();
			this.jdbc.update(UPDATE, this.encryptor.encrypt(token.value().getBytes(UTF_8), context(app)),
					Timestamp.from(now.plusSeconds(token.expiresInSeconds())), Timestamp.from(now), app.appid());
			logger.debug("Fetched a new access token for " + app.appid());
			return token.value();
		});
	}

	private String readFresh(WeChatApp app) {
		List<Stored> rows = this.jdbc.query(SELECT,
				(rs, i) -> new Stored(rs.getBytes("token_encrypted"), rs.getTimestamp("expires_at")), app.appid());
		if (rows.isEmpty() || rows.getFirst().token() == null || rows.getFirst().expiresAt() == null) {
			return null;
		}
		if (!rows.getFirst().expiresAt().toInstant().isAfter(this.clock.instant().plus(REFRESH_AHEAD))) {
			return null;
		}
		return decrypt(app, rows.getFirst().token());
	}

	private String decrypt(WeChatApp app, byte[] encrypted) {
		return new String(this.encryptor.decrypt(encrypted, context(app)), UTF_8);
	}

	private static String context(WeChatApp app) {
		return "wechat_app_access_tokens:" + app.appid();
	}

	private record Stored(byte[] token, Timestamp expiresAt) {
	}

}
