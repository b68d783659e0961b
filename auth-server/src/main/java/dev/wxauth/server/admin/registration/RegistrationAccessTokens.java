package dev.wxauth.server.admin.registration;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import dev.wxauth.server.crypto.Sha256;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;

/**
 * Registration access tokens (RFC 7592 §1.1): the bearer token with which a dynamically registered client reads,
 * replaces and deletes its own registration. One per client, shown once at registration, kept as a SHA-256 hash; it
 * goes with its client (a foreign key), so a deleted client's token opens nothing.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7592#section-1.1">RFC 7592 §1.1</a>
 */
final class RegistrationAccessTokens {

	private final JdbcOperations jdbc;

	private final Clock clock;

	RegistrationAccessTokens(JdbcOperations jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** A token for the client just registered, in the registration's transaction. */
	String issue(String clientId) {
		String token = InitialAccessTokens.newToken();
		this.jdbc.update("INSERT INTO registration_access_tokens (client_id, token_hash, issued_at) VALUES (?, ?, ?)",
				clientId, Sha256.of(token), Timestamp.from(this.clock.instant()));
		return token;
	}

	/** The client whose token {@code token} is, or {@code null}. */
	@Nullable String clientOf(String token) {
		List<String> clients = this.jdbc.queryForList(
				"SELECT client_id FROM registration_access_tokens WHERE token_hash = ?", String.class, Sha256.of(token));
		return clients.isEmpty() ? null : clients.getFirst();
	}

}
