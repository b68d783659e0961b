package dev.wxauth.server.wechat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.wxauth.server.crypto.AtRestEncryptor;
import dev.wxauth.server.crypto.AtRestEncryptor.DecryptionFailedException;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The WeChat apps added through the admin API, in PostgreSQL, their AppSecrets encrypted under the master key. Apps
 * configured by environment variables are not here; {@link WeChatApps} puts both together.
 */
public final class WeChatAppStore {

	// @formatter:off
	private static final String SELECT = "SELECT name, kind, appid, secret_encrypted, scope, disabled, created_at,"
			+ " updated_at, secret_updated_at, push_token_encrypted, encoding_aes_key_encrypted FROM wechat_apps";

	private static final String INSERT = "INSERT INTO wechat_apps (name, kind, appid, secret_encrypted, scope,"
			+ " disabled, created_at, updated_at, secret_updated_at, push_token_encrypted, encoding_aes_key_encrypted)"
			+ " VALUES (?, ?, ?, ?, ?, false, ?, ?, ?, ?, ?)";
	// @formatter:on

	private static final String PUSH_TOKEN = "push-token";

	private static final String ENCODING_AES_KEY = "encoding-aes-key";

	private final JdbcOperations jdbc;

	private final AtRestEncryptor encryptor;

	public WeChatAppStore(JdbcOperations jdbc, AtRestEncryptor encryptor) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(encryptor, "encryptor cannot be null");
		this.jdbc = jdbc;
		this.encryptor = encryptor;
	}

	/**
	 * Every stored app, oldest first. An app whose secret does not decrypt (stored under another master key) is left
	 * out and named: it cannot be used, and the others must still be.
	 */
	public Loaded all() {
		List<StoredApp> apps = new ArrayList<>();
		List<String> undecryptable = new ArrayList<>();
		for (StoredApp app : list()) {
			if (app.secretReadable()) {
				apps.add(app);
			}
			else {
				undecryptable.add(app.name());
			}
		}
		return new Loaded(List.copyOf(apps), List.copyOf(undecryptable));
	}

	/** Every stored app, oldest first, those whose secret does not decrypt too. */
	public List<StoredApp> list() {
		return this.jdbc.query(SELECT + " ORDER BY created_at, name", this::read);
	}

	/** The app, its secret unreadable when it does not decrypt (so that it can still be shown, set again, deleted). */
	public Optional<StoredApp> find(String name) {
		return this.jdbc.query(SELECT + " WHERE name = ?", this::read, name).stream().findFirst();
	}

	/** The app, its row locked until the caller's transaction ends: the way to change it. */
	public Optional<StoredApp> lock(String name) {
		return this.jdbc.query(SELECT + " WHERE name = ? FOR UPDATE", this::read, name).stream().findFirst();
	}

	/**
	 * Keeps the app from being deleted until the caller's transaction ends, so that a client bound to it in that
	 * transaction is never left bound to nothing.
	 * @return whether there is such an app in the database
	 */
	public boolean lockForBinding(String name) {
		return !this.jdbc.queryForList("SELECT name FROM wechat_apps WHERE name = ? FOR SHARE", String.class, name)
			.isEmpty();
	}

	public boolean appidTaken(String appid) {
		return !this.jdbc.queryForList("SELECT name FROM wechat_apps WHERE appid = ?", String.class, appid).isEmpty();
	}

	/** @throws org.springframework.dao.DuplicateKeyException when its name or appid is taken */
	public void insert(WeChatApp app, Instant now) {
		Timestamp at = Timestamp.from(now);
		this.jdbc.update(INSERT, app.name(), app.kind().id(), app.appid(), encrypt(app.name(), app.secret()),
				app.scope(), at, at, at, encrypt(app.name(), PUSH_TOKEN, app.pushToken()),
				encrypt(app.name(), ENCODING_AES_KEY, app.encodingAesKey()));
	}

	/**
	 * Sets (or, with {@code null}s, removes) the app's message push settings.
	 * @param pushToken the Token WeChat signs its pushes with
	 * @param encodingAesKey the EncodingAESKey of its safe mode; {@code null} for plaintext pushes only
	 */
	public void updatePush(String name, @Nullable String pushToken, @Nullable String encodingAesKey, Instant now) {
		this.jdbc.update("UPDATE wechat_apps SET push_token_encrypted = ?, encoding_aes_key_encrypted = ?,"
				+ " updated_at = ? WHERE name = ?", encrypt(name, PUSH_TOKEN, pushToken),
				encrypt(name, ENCODING_AES_KEY, encodingAesKey), Timestamp.from(now), name);
	}

	public void updateSecret(String name, String secret, Instant now) {
		Timestamp at = Timestamp.from(now);
		this.jdbc.update("UPDATE wechat_apps SET secret_encrypted = ?, updated_at = ?, secret_updated_at = ?"
				+ " WHERE name = ?", encrypt(name, secret), at, at, name);
	}

	public void updateSettings(String name, @Nullable String scope, boolean disabled, Instant now) {
		this.jdbc.update("UPDATE wechat_apps SET scope = ?, disabled = ?, updated_at = ? WHERE name = ?", scope,
				disabled, Timestamp.from(now), name);
	}

	public void delete(String name) {
		this.jdbc.update("DELETE FROM wechat_apps WHERE name = ?", name);
	}

	private byte[] encrypt(String name, String secret) {
		return this.encryptor.encrypt(secret.getBytes(UTF_8), context(name));
	}

	private byte @Nullable [] encrypt(String name, String what, @Nullable String secret) {
		return (secret != null) ? this.encryptor.encrypt(secret.getBytes(UTF_8), context(name) + ":" + what) : null;
	}

	/** @return {@code null} when there is none, or it does not decrypt under this master key */
	private @Nullable String decrypt(ResultSet rs, String column, String name, String what) throws SQLException {
		byte[] encrypted = rs.getBytes(column);
		if (encrypted == null) {
			return null;
		}
		try {
			return new String(this.encryptor.decrypt(encrypted, context(name) + ":" + what), UTF_8);
		}
		catch (DecryptionFailedException ex) {
			return null;
		}
	}

	private StoredApp read(ResultSet rs, int row) throws SQLException {
		String name = rs.getString("name");
		String secret;
		try {
			secret = new String(this.encryptor.decrypt(rs.getBytes("secret_encrypted"), context(name)), UTF_8);
		}
		catch (DecryptionFailedException ex) {
			secret = null;
		}
		return new StoredApp(name, AppKind.fromId(rs.getString("kind")).orElseThrow(), rs.getString("appid"),
				rs.getString("scope"), secret, rs.getBoolean("disabled"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant(), rs.getTimestamp("secret_updated_at").toInstant(),
				decrypt(rs, "push_token_encrypted", name, PUSH_TOKEN),
				decrypt(rs, "encoding_aes_key_encrypted", name, ENCODING_AES_KEY));
	}

	private static String context(String name) {
		return "wechat_apps:" + name;
	}

	/**
	 * What {@link #all()} read.
	 * @param undecryptable the names of the apps whose secret does not decrypt under this master key
	 */
	public record Loaded(List<StoredApp> apps, List<String> undecryptable) {
	}

	/**
	 * One stored app.
	 * @param secret its AppSecret; {@code null} when it does not decrypt under this master key
	 * @param disabled whether logins through it are refused
	 * @param secretUpdatedAt when its AppSecret was last set
	 * @param pushToken the Token of its message push; {@code null} when it has none (or it does not decrypt)
	 * @param encodingAesKey the EncodingAESKey of its message push; {@code null} when it has none (or it does not
	 * decrypt)
	 */
	public record StoredApp(String name, AppKind kind, String appid, @Nullable String scope, @Nullable String secret,
			boolean disabled, Instant createdAt, Instant updatedAt, Instant secretUpdatedAt, @Nullable String pushToken,
			@Nullable String encodingAesKey) {

		public boolean secretReadable() {
			return this.secret != null;
		}

		/** @throws IllegalStateException when its secret does not decrypt ({@link #secretReadable()}) */
		public WeChatApp app() {
			if (this.secret == null) {
				throw new IllegalStateException("The AppSecret of WeChat app " + this.name
						+ " does not decrypt under this master key");
			}
			// a key without its token (the token did not decrypt) is of no use: the app then refuses pushes
			return new WeChatApp(this.name, this.kind, this.appid, this.secret, this.scope, this.pushToken,
					(this.pushToken != null) ? this.encodingAesKey : null);
		}

		@Override
		public String toString() {
			return "StoredApp[name=" + this.name + ", kind=" + this.kind + ", appid=" + this.appid + "]";
		}

	}

}
