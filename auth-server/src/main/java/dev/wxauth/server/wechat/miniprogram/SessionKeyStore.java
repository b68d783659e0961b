package dev.wxauth.server.wechat.miniprogram;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.wxauth.server.crypto.AtRestEncryptor;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The current WeChat session key of each mini-program user, {@code (appid, openid)}: replaced at every login,
 * AES-GCM encrypted under the master key and bound to its row, never returned to a client, never logged.
 */
public final class SessionKeyStore {

	// @formatter:off
	private static final String UPSERT = "INSERT INTO wechat_session_keys (appid, openid, session_key_encrypted, updated_at)"
			+ " VALUES (?, ?, ?, ?) ON CONFLICT (appid, openid)"
			+ " DO UPDATE SET session_key_encrypted = excluded.session_key_encrypted, updated_at = excluded.updated_at";

	private static final String SELECT = "SELECT session_key_encrypted FROM wechat_session_keys WHERE appid = ? AND openid = ?";
	// @formatter:on

	private final JdbcOperations jdbc;

	private final AtRestEncryptor encryptor;

	private final Clock clock;

	public SessionKeyStore(JdbcOperations jdbc, AtRestEncryptor encryptor, Clock clock) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(encryptor, "encryptor cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.jdbc = jdbc;
		this.encryptor = encryptor;
		this.clock = clock;
	}

	public void save(String appid, String openid, String sessionKey) {
		this.jdbc.update(UPSERT, appid, openid, this.encryptor.encrypt(sessionKey.getBytes(UTF_8), context(appid, openid)),
				Timestamp.from(this.clock.instant()));
	}

	public Optional<String> find(String appid, String openid) {
		List<byte[]> rows = this.jdbc.queryForList(SELECT, byte[].class, appid, openid);
		return rows.stream().findFirst().map((encrypted) -> new String(this.encryptor.decrypt(encrypted, context(appid, openid)), UTF_8));
	}

	private static String context(String appid, String openid) {
		return "wechat_session_keys:" + appid + "/" + openid;
	}

}
