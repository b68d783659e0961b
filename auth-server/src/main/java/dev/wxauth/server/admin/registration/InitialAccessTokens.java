package dev.wxauth.server.admin.registration;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wxauth.server.admin.Paging;
import dev.wxauth.server.admin.ResourceNotFoundException;
import dev.wxauth.server.audit.AuditLog;
import dev.wxauth.server.crypto.Sha256;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Initial access tokens (RFC 7591 §3): what an operator hands a developer so that their software may register
 * clients at the registration endpoint, as many as the token's {@code uses}, until it expires or is revoked. The token
 * is shown once, when issued; only its SHA-256 hash is kept, so neither the database nor the audit log can give it
 * away.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3">RFC 7591 §3</a>
 */
public final class InitialAccessTokens {

	static final String RESOURCE = "initial-access-token";

	// @formatter:off
	private static final String COLUMNS = "id, created_by, created_at, expires_at, uses, used";

	private static final String INSERT = "INSERT INTO initial_access_tokens"
			+ " (token_hash, created_by, created_at, expires_at, uses) VALUES (?, ?, ?, ?, ?) RETURNING " + COLUMNS;

	private static final String LIVE = "SELECT id FROM initial_access_tokens"
			+ " WHERE token_hash = ? AND expires_at > ? AND used < uses";

	private static final String USE = "UPDATE initial_access_tokens SET used = used + 1"
			+ " WHERE id = ? AND expires_at > ? AND used < uses";

	private static final String PURGE = "DELETE FROM initial_access_tokens"
			+ " WHERE expires_at < ? OR (used >= uses AND created_at < ?)";
	// @formatter:on

	private static final SecureRandom random = new SecureRandom();

	private final JdbcOperations jdbc;

	private final TransactionOperations transactions;

	private final AuditLog audit;

	private final JsonMapper json;

	private final Duration retention;

	private final Clock clock;

	/** @param retention how long a token that opens nothing any more is still listed, inactive */
	InitialAccessTokens(JdbcOperations jdbc, TransactionOperations transactions, AuditLog audit, JsonMapper json,
			Duration retention, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.json = json;
		this.retention = retention;
		this.clock = clock;
	}

	/**
	 * A new token that opens {@code uses} registrations within {@code lifetime}.
	 * @param actor the admin client that asks for it, for the audit log
	 */
	Issued issue(String actor, Duration lifetime, int uses) {
		Assert.isTrue(lifetime.isPositive() && uses > 0, "lifetime and uses must be positive");
		String token = newToken();
		Instant now = this.clock.instant();
		return this.transactions.execute((transaction) -> {
			InitialAccessToken issued = this.jdbc.queryForObject(INSERT, this::token, Sha256.of(token), actor,
					Timestamp.from(now), Timestamp.from(now.plus(lifetime)), uses);
			this.audit.record(actor, "create", RESOURCE, Long.toString(issued.id()), null,
					this.json.valueToTree(view(issued)));
			return new Issued(issued, token);
		});
	}

	/** The id of the token {@code token} is, when it may open a registration now; {@code null} otherwise. */
	@Nullable Long live(String token) {
		List<Long> ids = this.jdbc.queryForList(LIVE, Long.class, Sha256.of(token), Timestamp.from(this.clock.instant()));
		return ids.isEmpty() ? null : ids.getFirst();
	}

	/**
	 * Spends one use of a token, in the transaction of the registration it opens (which takes the token's row lock:
	 * two registrations with its last use cannot both have it).
	 * @return whether a use was left, the token unexpired and not revoked
	 */
	boolean use(long id) {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"A use is spent in the transaction of the registration");
		return this.jdbc.update(USE, id, Timestamp.from(this.clock.instant())) == 1;
	}

	/** @throws ResourceNotFoundException when there is no such token (or no longer: revoked) */
	InitialAccessToken get(long id) {
		List<InitialAccessToken> found = this.jdbc.query("SELECT " + COLUMNS + " FROM initial_access_tokens WHERE id = ?",
				this::token, id);
		if (found.isEmpty()) {
			throw new ResourceNotFoundException(RESOURCE, Long.toString(id));
		}
		return found.getFirst();
	}

	/** A page of tokens, newest first. @param before the id the page starts below; {@code null} for the first */
	Paging.Page<InitialAccessToken> list(@Nullable Long before, int limit) {
		List<InitialAccessToken> page = (before != null)
				? this.jdbc.query("SELECT " + COLUMNS + " FROM initial_access_tokens WHERE id < ? ORDER BY id DESC LIMIT ?",
						this::token, before, limit + 1)
				: this.jdbc.query("SELECT " + COLUMNS + " FROM initial_access_tokens ORDER BY id DESC LIMIT ?",
						this::token, limit + 1);
		return Paging.page(page, limit, (token) -> Long.toString(token.id()));
	}

	/** Revokes a token: it opens no registration from now on. The clients it registered stay. */
	void revoke(String actor, long id) {
		this.transactions.executeWithoutResult((transaction) -> {
			List<InitialAccessToken> deleted = this.jdbc.query(
					"DELETE FROM initial_access_tokens WHERE id = ? RETURNING " + COLUMNS, this::token, id);
			if (deleted.isEmpty()) {
				throw new ResourceNotFoundException(RESOURCE, Long.toString(id));
			}
			this.audit.record(actor, "delete", RESOURCE, Long.toString(id), this.json.valueToTree(view(deleted.getFirst())),
					null);
		});
	}

	/**
	 * Deletes the tokens that open nothing any more, expired or with every use spent, once the retention has passed
	 * (since they expired, or at the latest since they were issued): housekeeping, not an operator's change, so no
	 * audit event. Safe to run on every instance at once.
	 * @return how many were deleted
	 */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
	public int purge() {
		Timestamp before = Timestamp.from(this.clock.instant().minus(this.retention));
		return this.jdbc.update(PURGE, before, before);
	}

	/** A token as the admin API shows it (never the token itself). */
	View view(InitialAccessToken token) {
		boolean active = token.expiresAt().isAfter(this.clock.instant()) && token.used() < token.uses();
		return new View(token.id(), token.createdBy(), token.createdAt(), token.expiresAt(), token.uses(), token.used(),
				active);
	}

	/** The audit actor of what a registration opened by token {@code id} does. */
	static String actor(long id) {
		return RESOURCE + ":" + id;
	}

	private InitialAccessToken token(ResultSet row, int number) throws SQLException {
		return new InitialAccessToken(row.getLong("id"), row.getString("created_by"),
				row.getTimestamp("created_at").toInstant(), row.getTimestamp("expires_at").toInstant(), row.getInt("uses"),
				row.getInt("used"));
	}

	/** 256 random bits, base64url: a bearer token (RFC 6750's b64token) no one guesses. */
	static String newToken() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** A stored token: what is known of it besides the token. */
	record InitialAccessToken(long id, String createdBy, Instant createdAt, Instant expiresAt, int uses, int used) {
	}

	/**
	 * A token as the admin API shows it.
	 * @param uses how many registrations it opens in all
	 * @param used how many it has opened
	 * @param active whether it opens one now
	 */
	record View(long id, @JsonProperty("created_by") String createdBy, @JsonProperty("created_at") Instant createdAt,
			@JsonProperty("expires_at") Instant expiresAt, int uses, int used, boolean active) {
	}

	/** A token just issued, with the token itself this once. */
	record Issued(InitialAccessToken stored, String token) {
	}

}
