package dev.wxauth.server.keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wxauth.server.crypto.AtRestEncryptor;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.util.Assert;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code signing_keys} over plain JDBC. The public JWK is stored as JSON; the whole private JWK is encrypted at
 * rest and bound to its kid.
 */
public final class SigningKeyRepository {

	// @formatter:off
	private static final String SELECT_PUBLISHED = "SELECT kid, private_key_encrypted, created_at, activates_at, retires_at"
			+ " FROM signing_keys WHERE retires_at IS NULL OR retires_at > ? ORDER BY activates_at";

	private static final String INSERT = "INSERT INTO signing_keys"
			+ " (kid, algorithm, public_jwk, private_key_encrypted, created_at, activates_at, retires_at)"
			+ " VALUES (?, ?, ?, ?, ?, ?, ?)";

	private static final String UPDATE_RETIRES_AT = "UPDATE signing_keys SET retires_at = ? WHERE kid = ?";

	private static final String DESCRIBE = "SELECT kid, algorithm, created_at, activates_at, retires_at FROM signing_keys";

	private static final String NEWEST_FIRST = " ORDER BY created_at DESC, kid DESC LIMIT ?";

	// Serializes key creation across instances for the rest of the transaction.
	private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('wxauth.signing_keys'))";
	// @formatter:on

	private final JdbcOperations jdbc;

	private final AtRestEncryptor encryptor;

	private final RowMapper<SigningKey> rowMapper = this::mapRow;

	public SigningKeyRepository(JdbcOperations jdbc, AtRestEncryptor encryptor) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(encryptor, "encryptor cannot be null");
		this.jdbc = jdbc;
		this.encryptor = encryptor;
	}

	/** Keys still published at {@code instant}, oldest activation first. */
	public List<SigningKey> findPublished(Instant instant) {
		return this.jdbc.query(SELECT_PUBLISHED, this.rowMapper, Timestamp.from(instant));
	}

	public void insert(SigningKey key) {
		Assert.notNull(key, "key cannot be null");
		byte[] encrypted = this.encryptor.encrypt(key.jwk().toJSONString().getBytes(UTF_8), context(key.kid()));
		this.jdbc.update(INSERT, key.kid(), key.jwk().getAlgorithm().getName(), key.jwk().toPublicJWK().toJSONString(),
				encrypted, Timestamp.from(key.createdAt()), Timestamp.from(key.activatesAt()), timestamp(key.retiresAt()));
	}

	public void updateRetiresAt(SigningKey key) {
		this.jdbc.update(UPDATE_RETIRES_AT, timestamp(key.retiresAt()), key.kid());
	}

	/**
	 * Every key ever made, retired ones too, newest first, without their private parts.
	 * @param after the kid the page starts after; {@code null} from the newest
	 */
	public List<StoredKey> describe(@Nullable String after, int limit) {
		if (after == null) {
			return this.jdbc.query(DESCRIBE + NEWEST_FIRST, this::description, limit);
		}
		return this.jdbc.query(DESCRIBE + " WHERE (created_at, kid) < (SELECT created_at, kid FROM signing_keys"
				+ " WHERE kid = ?)" + NEWEST_FIRST, this::description, after, limit);
	}

	public @Nullable StoredKey describe(String kid) {
		return this.jdbc.query(DESCRIBE + " WHERE kid = ?", this::description, kid).stream().findFirst().orElse(null);
	}

	/** Must run inside a transaction: holds the lock until it ends. */
	void lockForUpdate() {
		this.jdbc.query(LOCK, (rs) -> null);
	}

	private SigningKey mapRow(ResultSet rs, int rowNum) throws SQLException {
		String kid = rs.getString("kid");
		byte[] json = this.encryptor.decrypt(rs.getBytes("private_key_encrypted"), context(kid));
		RSAKey jwk;
		try {
			jwk = JWK.parse(new String(json, UTF_8)).toRSAKey();
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored signing key " + kid + " is not a JWK", ex);
		}
		Timestamp retiresAt = rs.getTimestamp("retires_at");
		return new SigningKey(jwk, rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("activates_at").toInstant(),
				(retiresAt != null) ? retiresAt.toInstant() : null);
	}

	private StoredKey description(ResultSet rs, int rowNum) throws SQLException {
		Timestamp retiresAt = rs.getTimestamp("retires_at");
		return new StoredKey(rs.getString("kid"), rs.getString("algorithm"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("activates_at").toInstant(), (retiresAt != null) ? retiresAt.toInstant() : null);
	}

	private static String context(String kid) {
		return "signing_keys:" + kid;
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
