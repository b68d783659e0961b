package dev.wxauth.server.user;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import dev.wxauth.server.crypto.Sha256;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * What wxauth keeps of a person beyond their profile (WeChat identities, session keys, authorizations, consents,
 * browser sessions), and the ways it goes: signed out everywhere, one client's grants revoked, one WeChat identity
 * unlinked, the person deleted. Every caller uses these (the admin API, the person's own account API and page,
 * WeChat's events about a person), so that each removes the same things. Each operation runs in one transaction, the
 * caller's when there is one (its audit event then commits with it), and first locks the person ({@link #lock}):
 * their identities' rows, then theirs, the order in which a login locks them (its identity's row, then the person's
 * for the profile it read; then its session key), so that a login and a deletion wait for each other instead of
 * deadlocking. A login linking to them, or another change of them, waits for it. After any of them the tokens it
 * revoked stop working at once: a refresh is refused, introspection answers inactive, our bearer endpoints refuse
 * the access token.
 */
public final class PersonalData {

	// @formatter:off
	private static final String LOCK_IDENTITIES = "SELECT appid FROM wechat_identities WHERE user_id = ?"
			+ " ORDER BY appid, openid FOR UPDATE";

	private static final String LOCK = "SELECT id FROM users WHERE id = ? FOR UPDATE";

	private static final String LOCK_IDENTITY = "SELECT user_id FROM wechat_identities WHERE appid = ? AND openid = ?"
			+ " FOR UPDATE";

	private static final String LIVE = "greatest(a.authorization_code_expires_at, a.access_token_expires_at,"
			+ " a.refresh_token_expires_at) > now()";

	private static final String IDENTITIES = "SELECT appid, app_kind, created_at, last_login_at FROM wechat_identities"
			+ " WHERE user_id = ? ORDER BY created_at, appid";

	// a client is authorized by its live grants and by a remembered consent; since is its oldest live grant
	private static final String AUTHORIZED_CLIENTS = "SELECT c.client_id, c.client_name, a.authorized_scopes AS scopes,"
			+ " a.created_at AS since FROM oauth2_authorization a JOIN oauth2_registered_client c"
			+ " ON c.id = a.registered_client_id WHERE a.principal_name = ? AND " + LIVE
			+ " UNION ALL SELECT c.client_id, c.client_name, replace(s.authorities, 'SCOPE_', '') AS scopes, NULL AS since"
			+ " FROM oauth2_authorization_consent s JOIN oauth2_registered_client c ON c.id = s.registered_client_id"
			+ " WHERE s.principal_name = ?";

	private static final String REVOKE_CLIENT_AUTHORIZATIONS = "DELETE FROM oauth2_authorization a"
			+ " USING oauth2_registered_client c WHERE c.id = a.registered_client_id AND a.principal_name = ?"
			+ " AND c.client_id = ?";

	private static final String REVOKE_CLIENT_CONSENT = "DELETE FROM oauth2_authorization_consent s"
			+ " USING oauth2_registered_client c WHERE c.id = s.registered_client_id AND s.principal_name = ?"
			+ " AND c.client_id = ?";
	// @formatter:on

	private final JdbcOperations jdbc;

	private final TransactionOperations transactions;

	private final SessionEnding sessionEnding;

	/**
	 * @param sessionEnding what else ending one of the person's browser sessions means (its clients learn it ended)
	 */
	public PersonalData(JdbcOperations jdbc, TransactionOperations transactions, SessionEnding sessionEnding) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(sessionEnding, "sessionEnding cannot be null");
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.sessionEnding = sessionEnding;
	}

	/**
	 * The name a record gives someone by their WeChat identity alone, hashed: the day's count of the phone numbers
	 * asked for them, which a new person of the same identity (after a deletion or an unlink) takes up where it was.
	 * It names them neither by our id nor by WeChat's; deleting or unlinking leaves such a count to end with its day
	 * (housekeeping purges past days).
	 */
	public static String identityPseudonym(String appid, String openid) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(appid + "/" + openid));
	}

	/** The WeChat identities linked to the person, oldest first; empty for no such person. */
	public List<LinkedIdentity> identities(UUID id) {
		Assert.notNull(id, "id cannot be null");
		return this.jdbc.query(IDENTITIES, (rs, row) -> new LinkedIdentity(rs.getString("appid"),
				rs.getString("app_kind"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("last_login_at").toInstant()), id);
	}

	/** The clients the person authorized (a live grant, or a consent remembered), by client id. */
	public List<AuthorizedClient> authorizedClients(UUID id) {
		Assert.notNull(id, "id cannot be null");
		Map<String, AuthorizedClient> clients = new LinkedHashMap<>();
		String principal = id.toString();
		this.jdbc.query(AUTHORIZED_CLIENTS, (rs) -> {
			String clientId = rs.getString("client_id");
			Timestamp since = rs.getTimestamp("since");
			AuthorizedClient grant = new AuthorizedClient(clientId, rs.getString("client_name"),
					scopes(rs.getString("scopes")), (since != null) ? since.toInstant() : null);
			clients.merge(clientId, grant, AuthorizedClient::and);
		}, principal, principal);
		return clients.values().stream().sorted(Comparator.comparing(AuthorizedClient::clientId)).toList();
	}

	private static Set<String> scopes(@Nullable String commaSeparated) {
		Set<String> scopes = new TreeSet<>();
		if (commaSeparated != null) {
			Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(StringUtils::hasText).forEach(scopes::add);
		}
		return scopes;
	}

	/**
	 * Ends each browser session of the person as signing out ends it ({@link SessionEnding}), then revokes whatever
	 * they granted elsewhere (mini-program and app logins): every access and refresh token of theirs.
	 * @return {@code false} when there is no such person (nothing changed)
	 */
	public boolean signOutEverywhere(UUID id) {
		Assert.notNull(id, "id cannot be null");
		return inTransaction(() -> lock(id) && signedOut(id));
	}

	private boolean signedOut(UUID id) {
		String principal = id.toString();
		List<String> sessionIds = this.jdbc.queryForList(
				"SELECT session_id FROM spring_session WHERE principal_name = ?", String.class, principal);
		for (String sessionId : sessionIds) {
			this.sessionEnding.ended(principal, sessionId.trim());
		}
		this.jdbc.update("DELETE FROM spring_session WHERE principal_name = ?", principal);
		this.jdbc.update("DELETE FROM oauth2_authorization WHERE principal_name = ?", principal);
		return true;
	}

	/**
	 * Revokes what the person granted one client: its authorizations (their tokens) and the consent it remembers, so
	 * that it asks again. Their browser sessions go on.
	 * @param clientId the client's {@code client_id}
	 * @return whether the client held anything of theirs
	 */
	public boolean revokeClient(UUID id, String clientId) {
		Assert.notNull(id, "id cannot be null");
		Assert.hasText(clientId, "clientId cannot be empty");
		return inTransaction(() -> lock(id) && revoked(id, List.of(clientId)));
	}

	private boolean revoked(UUID id, Collection<String> clientIds) {
		int revoked = 0;
		for (String clientId : clientIds) {
			revoked += this.jdbc.update(REVOKE_CLIENT_AUTHORIZATIONS, id.toString(), clientId);
			revoked += this.jdbc.update(REVOKE_CLIENT_CONSENT, id.toString(), clientId);
		}
		return revoked > 0;
	}

	/**
	 * Unlinks one WeChat identity from the person, with what was kept of it (its session key, its codes' records):
	 * its next login makes (or, by unionid, finds) a person anew. Nothing else of the person changes.
	 * @return whether the person had that identity
	 */
	public boolean unlink(UUID id, String appid, String openid) {
		Assert.notNull(id, "id cannot be null");
		Assert.hasText(appid, "appid cannot be empty");
		Assert.hasText(openid, "openid cannot be empty");
		return inTransaction(() -> lock(id) && this.jdbc.update(
				"DELETE FROM wechat_identities WHERE user_id = ? AND appid = ? AND openid = ?", id, appid, openid) > 0
				&& forgotten(appid, openid));
	}

	/**
	 * Unlinks the identity {@code (appid, openid)} from whoever it is linked to, and revokes what they granted the
	 * clients that sign in through that WeChat app (the person withdrew their authorization from the app); the person
	 * is deleted too when asked and no identity of theirs is left. The same call twice changes nothing more.
	 * @param boundClientIds the {@code client_id}s of the clients bound to the app: which ones they are is the WeChat
	 * unit's to know
	 * @param deleteIfNoIdentityLeft whether a person left without any WeChat identity is deleted
	 */
	public Unlinked unlink(String appid, String openid, Collection<String> boundClientIds,
			boolean deleteIfNoIdentityLeft) {
		Assert.hasText(appid, "appid cannot be empty");
		Assert.hasText(openid, "openid cannot be empty");
		Assert.notNull(boundClientIds, "boundClientIds cannot be null");
		return inTransaction(() -> {
			// the identity first, as its logins lock it; then its person
			Optional<UUID> linked = this.jdbc.queryForList(LOCK_IDENTITY, UUID.class, appid, openid)
				.stream()
				.findFirst();
			if (linked.isEmpty()) {
				forgotten(appid, openid);
				return Unlinked.NOT_LINKED;
			}
			UUID id = linked.get();
			unlink(id, appid, openid);
			revoked(id, boundClientIds);
			Integer left = this.jdbc.queryForObject("SELECT count(*) FROM wechat_identities WHERE user_id = ?",
					Integer.class, id);
			if (deleteIfNoIdentityLeft && left == 0) {
				deleted(id);
				return Unlinked.PERSON_DELETED;
			}
			return Unlinked.UNLINKED;
		});
	}

	/**
	 * Deletes what is kept of a WeChat account that no longer exists (its person cancelled it): every identity of it
	 * under our apps, the one named and those of the same unionid (WeChat's word, or the one the named identity
	 * carries), with their session keys and codes' records, and what an operator registered by that unionid. A person
	 * left without any identity is deleted ({@link #delete(UUID)}); one who keeps another identity (of another WeChat
	 * account linked to them) is signed out everywhere, since what they signed in with may have been this one. The
	 * same call twice changes nothing more.
	 * @param unionid the account's unionid as WeChat gives it, if it does
	 */
	public Cancelled deleteWeChatAccount(String appid, String openid, @Nullable String unionid) {
		Assert.hasText(appid, "appid cannot be empty");
		Assert.hasText(openid, "openid cannot be empty");
		return inTransaction(() -> {
			Set<String> unionidSet = new TreeSet<>(this.jdbc.queryForList("SELECT unionid FROM wechat_identities"
					+ " WHERE appid = ? AND openid = ? AND unionid IS NOT NULL", String.class, appid, openid));
			if (StringUtils.hasText(unionid)) {
				unionidSet.add(unionid);
			}
			Object unionids = unionidSet.toArray(String[]::new);
			// the identities first, then their people, each in one order: as logins and every other change lock them
			List<UUID> people = this.jdbc
				.queryForList("SELECT user_id FROM wechat_identities WHERE (appid = ? AND openid = ?)"
						+ " OR unionid = ANY (?) ORDER BY appid, openid FOR UPDATE", UUID.class, appid, openid, unionids)
				.stream()
				.distinct()
				.sorted()
				.toList();
			people.forEach((id) -> this.jdbc.queryForList(LOCK, UUID.class, id));
			List<String[]> identities = this.jdbc.query("DELETE FROM wechat_identities WHERE (appid = ? AND openid = ?)"
					+ " OR unionid = ANY (?) RETURNING appid, openid",
					(rs, row) -> new String[] { rs.getString(1), rs.getString(2) }, appid, openid, unionids);
			forgotten(appid, openid);
			identities.forEach((identity) -> forgotten(identity[0], identity[1]));
			this.jdbc.update("DELETE FROM wechat_code_redemptions WHERE unionid = ANY (?)", unionids);
			this.jdbc.update("DELETE FROM provisioned_unionids WHERE unionid = ANY (?)", unionids);
			if (people.isEmpty()) {
				return Cancelled.NOT_LINKED;
			}
			boolean someoneLeft = false;
			for (UUID id : people) {
				Integer left = this.jdbc.queryForObject("SELECT count(*) FROM wechat_identities WHERE user_id = ?",
						Integer.class, id);
				if (left == 0) {
					deleted(id);
				}
				else {
					signedOut(id);
					someoneLeft = true;
				}
			}
			return someoneLeft ? Cancelled.IDENTITIES_DELETED : Cancelled.PERSON_DELETED;
		});
	}

	/**
	 * What kept records of an identity are deleted with it: its session key, its codes. Its day's quota counts stay
	 * ({@link #identityPseudonym}): leaving must not buy a new day of billed calls.
	 */
	private boolean forgotten(String appid, String openid) {
		this.jdbc.update("DELETE FROM wechat_session_keys WHERE appid = ? AND openid = ?", appid, openid);
		this.jdbc.update("DELETE FROM wechat_code_redemptions WHERE appid = ? AND openid = ?", appid, openid);
		return true;
	}

	/**
	 * Deletes the person and everything kept of them: every browser session (ended as signing out ends it) and
	 * authorization, consents, identities with their session keys and codes' records, profile, phone number,
	 * quota counts by their id, and what an operator registered for them. What remains is what names their id alone
	 * by design: audit events, login events, and a logout token still owed to a client of an ended session; and the
	 * day's quota counts of their identities, which name no one ({@link #identityPseudonym}).
	 * @return {@code false} when there is no such person (nothing changed)
	 */
	public boolean delete(UUID id) {
		Assert.notNull(id, "id cannot be null");
		return inTransaction(() -> lock(id) && deleted(id));
	}

	private boolean deleted(UUID id) {
		String principal = id.toString();
		signedOut(id);
		this.jdbc.update("DELETE FROM oauth2_authorization_consent WHERE principal_name = ?", principal);
		List<String[]> identities = this.jdbc.query("SELECT appid, openid, unionid FROM wechat_identities"
				+ " WHERE user_id = ?", (rs, row) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3) },
				id);
		List<String> unionids = new ArrayList<>();
		for (String[] identity : identities) {
			forgotten(identity[0], identity[1]);
			if (identity[2] != null) {
				unionids.add(identity[2]);
			}
		}
		// a browser login's code records whom WeChat named, also when no identity came of it (a refused login)
		this.jdbc.update("DELETE FROM wechat_code_redemptions WHERE unionid = ANY (?)",
				(Object) unionids.toArray(String[]::new));
		this.jdbc.update("DELETE FROM daily_quota_uses WHERE subject = ?", principal);
		// identities, provisioned unionid and phone number, ids merged into theirs: by their foreign keys
		this.jdbc.update("DELETE FROM users WHERE id = ?", id);
		return true;
	}

	/**
	 * Locks the person until the caller's transaction ends, as each operation here does first: their identities'
	 * rows (in one order), then theirs. For a caller that changes the person in the same transaction before it calls
	 * an operation here (an operator's disable, unlink or deletion), so that it locks in the same order.
	 * @return {@code false} when there is no such person
	 */
	public boolean lock(UUID id) {
		Assert.notNull(id, "id cannot be null");
		this.jdbc.queryForList(LOCK_IDENTITIES, String.class, id);
		return !this.jdbc.queryForList(LOCK, UUID.class, id).isEmpty();
	}

	private <T> T inTransaction(Supplier<T> work) {
		T result = this.transactions.execute((transaction) -> work.get());
		Assert.state(result != null, "no result");
		return result;
	}

	/** What {@link #unlink(String, String, Collection, boolean)} did. */
	public enum Unlinked {

		/** No one had the identity (any record of it is deleted all the same). */
		NOT_LINKED,

		/** The identity is unlinked; the person keeps the rest. */
		UNLINKED,

		/** The identity was the person's last: they are deleted. */
		PERSON_DELETED

	}

	/** What {@link #deleteWeChatAccount(String, String, String)} did. */
	public enum Cancelled {

		/** No one had an identity of the account (any record of it is deleted all the same). */
		NOT_LINKED,

		/** The account's identities are deleted; their person keeps another, and is signed out everywhere. */
		IDENTITIES_DELETED,

		/** The account's identities were all their person had: they are deleted. */
		PERSON_DELETED

	}

	/**
	 * What else ending a person's browser session means, wherever it ends: its authorizations revoked, and its
	 * clients told (back-channel logout).
	 */
	@FunctionalInterface
	public interface SessionEnding {

		/** @param sessionId the session's id (not its {@code sid}) */
		void ended(String principalName, String sessionId);

	}

	/** One WeChat identity linked to the person, without its WeChat ids. */
	public record LinkedIdentity(String appid, String appKind, Instant linkedAt, Instant lastLoginAt) {
	}

	/**
	 * A client the person authorized: the scopes of its live grants and remembered consent together.
	 * @param since when its oldest live grant was made; {@code null} when only a consent is remembered
	 */
	public record AuthorizedClient(String clientId, String clientName, Set<String> scopes, @Nullable Instant since) {

		AuthorizedClient and(AuthorizedClient other) {
			Set<String> both = new TreeSet<>(this.scopes);
			both.addAll(other.scopes);
			Instant earliest = (this.since == null) ? other.since
					: (other.since == null || this.since.isBefore(other.since)) ? this.since : other.since;
			return new AuthorizedClient(this.clientId, this.clientName, both, earliest);
		}

	}

}
