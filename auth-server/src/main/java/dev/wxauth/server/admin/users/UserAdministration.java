package dev.wxauth.server.admin.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wxauth.server.admin.InvalidFieldsException;
import dev.wxauth.server.admin.Paging;
import dev.wxauth.server.admin.ResourceConflictException;
import dev.wxauth.server.admin.ResourceNotFoundException;
import dev.wxauth.server.audit.AuditLog;
import dev.wxauth.server.user.PersonalData;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The people wxauth knows, as operators look them up and act on them. Disabling or deleting a person ends each of
 * their browser sessions as signing out does (its clients get back-channel logout tokens), and revokes every
 * authorization they granted, in one transaction with its audit event ({@link PersonalData} does what every caller
 * does). The audit log keeps no personal data of
 * theirs: only their id and what changed.
 */
public final class UserAdministration {

	static final String RESOURCE = "user";

	// @formatter:off
	private static final String USER_COLUMNS = "SELECT id, nickname, avatar_url, phone_number, phone_number_verified,"
			+ " created_at, disabled_at FROM users";

	private static final String IDENTITIES = "SELECT appid, openid, unionid, app_kind, created_at, last_login_at"
			+ " FROM wechat_identities WHERE user_id = ? ORDER BY created_at, appid";

	private static final String LIVE_GRANTS = "SELECT c.client_id, count(*) AS authorizations FROM oauth2_authorization a"
			+ " JOIN oauth2_registered_client c ON c.id = a.registered_client_id WHERE a.principal_name = ?"
			+ " AND greatest(a.authorization_code_expires_at, a.access_token_expires_at, a.refresh_token_expires_at) > now()"
			+ " GROUP BY c.client_id ORDER BY c.client_id";
	// @formatter:on

	private final JdbcOperations jdbc;

	private final TransactionOperations transactions;

	private final AuditLog audit;

	private final PersonalData personalData;

	private final Clock clock;

	UserAdministration(JdbcOperations jdbc, TransactionOperations transactions, AuditLog audit,
			PersonalData personalData, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.personalData = personalData;
		this.clock = clock;
	}

	/**
	 * People in id order, those that match every filter given.
	 * @param after the id the page starts after; {@code null} for the first
	 */
	Paging.Page<UserView> find(Filter filter, @Nullable UUID after, int limit) {
		List<String> conditions = new ArrayList<>();
		List<Object> arguments = new ArrayList<>();
		if (filter.phoneNumber() != null) {
			conditions.add("phone_number = ?");
			arguments.add(filter.phoneNumber());
		}
		if (filter.unionid() != null) {
			conditions.add("(EXISTS (SELECT 1 FROM wechat_identities i WHERE i.user_id = users.id AND i.unionid = ?)"
					+ " OR EXISTS (SELECT 1 FROM provisioned_unionids p WHERE p.user_id = users.id AND p.unionid = ?))");
			arguments.add(filter.unionid());
			arguments.add(filter.unionid());
		}
		if (filter.appid() != null && filter.openid() != null) {
			conditions.add("EXISTS (SELECT 1 FROM wechat_identities i WHERE i.user_id = users.id AND i.appid = ?"
					+ " AND i.openid = ?)");
			arguments.add(filter.appid());
			arguments.add(filter.openid());
		}
		if (after != null) {
			conditions.add("id > ?");
			arguments.add(after);
		}
		arguments.add(limit + 1);
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		List<UserView> users = this.jdbc.query(USER_COLUMNS + where + " ORDER BY id LIMIT ?", this::user,
				arguments.toArray());
		return Paging.page(users, limit, (user) -> user.id().toString()).map(this::withIdentitiesAndGrants);
	}

	/** @throws ResourceNotFoundException when there is no such person (saying whom they were merged into, if so) */
	UserView get(UUID id) {
		return withIdentitiesAndGrants(
				this.jdbc.query(USER_COLUMNS + " WHERE id = ?", this::user, id).stream().findFirst().orElseThrow(
						() -> notFound(id)));
	}

	private ResourceNotFoundException notFound(UUID id) {
		List<UUID> into = this.jdbc.queryForList("SELECT into_user_id FROM merged_users WHERE merged_id = ?",
				UUID.class, id);
		return into.isEmpty() ? new ResourceNotFoundException(RESOURCE, id.toString())
				: new ResourceNotFoundException(RESOURCE, id + " (merged into " + into.getFirst() + ")");
	}

	/**
	 * Merges one person into another, in one transaction: the identities (and a provisioned unionid) of
	 * {@code merged} become {@code kept}'s, and so does what {@code kept} lacks of their profile; {@code merged}'s
	 * sessions end as a logout does and their authorizations are revoked (their tokens name an id that no longer
	 * is); their id is recorded as merged into {@code kept}. For the person WeChat gave a unionid too late, whose two
	 * logins made two people.
	 * @throws ResourceConflictException when both have an identity of one app (two WeChat accounts, not one person),
	 * or either is disabled
	 */
	UserView merge(String actor, UUID kept, UUID merged) {
		if (kept.equals(merged)) {
			throw InvalidFieldsException.of("from", "is the person it would merge into");
		}
		this.transactions.executeWithoutResult((transaction) -> {
			// both people locked as PersonalData locks one (identities, then rows), in one order whoever merges whom
			this.jdbc.queryForList("SELECT appid FROM wechat_identities WHERE user_id IN (?, ?) ORDER BY appid, openid"
					+ " FOR UPDATE", String.class, kept, merged);
			List<UUID> locked = this.jdbc.queryForList("SELECT id FROM users WHERE id IN (?, ?) ORDER BY id FOR UPDATE",
					UUID.class, kept, merged);
			if (!locked.contains(kept)) {
				throw notFound(kept);
			}
			if (!locked.contains(merged)) {
				throw new ResourceNotFoundException(RESOURCE, merged.toString());
			}
			if (get(kept).disabled() || get(merged).disabled()) {
				throw new ResourceConflictException("from", "A disabled person cannot be merged: enable them first");
			}
			Integer sharedApps = this.jdbc.queryForObject("SELECT count(*) FROM wechat_identities a JOIN"
					+ " wechat_identities b ON a.appid = b.appid WHERE a.user_id = ? AND b.user_id = ?", Integer.class,
					kept, merged);
			if (sharedApps > 0) {
				throw new ResourceConflictException("from", "Both have an identity of one WeChat app: they are two "
						+ "WeChat accounts, not one person");
			}
			List<String> unionids = this.jdbc.queryForList("SELECT DISTINCT unionid FROM (SELECT unionid FROM"
					+ " wechat_identities WHERE user_id IN (?, ?) UNION SELECT unionid FROM provisioned_unionids"
					+ " WHERE user_id IN (?, ?)) u WHERE unionid IS NOT NULL", String.class, kept, merged, kept, merged);
			if (unionids.size() > 1) {
				throw new ResourceConflictException("from", "They have different unionids: two WeChat accounts, not one "
						+ "person");
			}
			this.personalData.signOutEverywhere(merged);
			this.jdbc.update("DELETE FROM oauth2_authorization_consent WHERE principal_name = ?", merged.toString());
			this.jdbc.update("UPDATE wechat_identities SET user_id = ? WHERE user_id = ?", kept, merged);
			this.jdbc.update("UPDATE provisioned_unionids SET user_id = ? WHERE user_id = ?", kept, merged);
			this.jdbc.update("UPDATE provisioned_phone_numbers SET user_id = ? WHERE user_id = ?", kept, merged);
			this.jdbc.update("UPDATE merged_users SET into_user_id = ? WHERE into_user_id = ?", kept, merged);
			// the avatar the merged person chose goes with their avatar_url, which the kept one takes when they have none
			this.jdbc.update("UPDATE avatars a SET user_id = k.id FROM users k WHERE a.user_id = ? AND k.id = ?"
					+ " AND k.avatar_url IS NULL AND NOT EXISTS (SELECT 1 FROM avatars WHERE user_id = k.id)", merged, kept);
			this.jdbc.update("UPDATE users k SET nickname = coalesce(k.nickname, m.nickname),"
					+ " avatar_url = coalesce(k.avatar_url, m.avatar_url),"
					+ " phone_number = coalesce(k.phone_number, m.phone_number),"
					+ " phone_number_verified = CASE WHEN k.phone_number IS NULL THEN m.phone_number_verified"
					+ " ELSE k.phone_number_verified END, updated_at = ? FROM users m WHERE k.id = ? AND m.id = ?",
					Timestamp.from(this.clock.instant()), kept, merged);
			this.jdbc.update("DELETE FROM users WHERE id = ?", merged);
			this.jdbc.update("INSERT INTO merged_users (merged_id, into_user_id, merged_at) VALUES (?, ?, ?)", merged,
					kept, Timestamp.from(this.clock.instant()));
			ObjectNode before = JsonNodeFactory.instance.objectNode().put("id", kept.toString()).put("merged",
					merged.toString());
			this.audit.record(actor, "merge", RESOURCE, kept.toString(), before, state(kept, false));
			this.audit.record(actor, "merged-into", RESOURCE, merged.toString(), state(merged, false),
					JsonNodeFactory.instance.objectNode().put("id", kept.toString()));
		});
		return get(kept);
	}

	/**
	 * Registers a person before their first login, to be found by the unionid WeChat will give then, or by the phone
	 * number a mini-program login will prove: how a login-only client lets in the people it expects.
	 * @param unionid the unionid, or {@code null}
	 * @param phoneNumber the phone number (E.164), or {@code null}; at least one of the two
	 * @throws ResourceConflictException when the unionid is someone's already, or the phone number is another
	 * registered person's or someone's verified number
	 */
	UserView provision(String actor, @Nullable String unionid, @Nullable String phoneNumber) {
		UUID id = UUID.randomUUID();
		this.transactions.executeWithoutResult((transaction) -> {
			// the locks a first login with this unionid or phone number takes, in its order: the two cannot both
			// make the person
			if (unionid != null) {
				this.jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", (rs) -> null, "wechat-unionid:" + unionid);
				Integer taken = this.jdbc.queryForObject("SELECT count(*) FROM wechat_identities WHERE unionid = ?",
						Integer.class, unionid);
				Integer provisioned = this.jdbc.queryForObject(
						"SELECT count(*) FROM provisioned_unionids WHERE unionid = ?", Integer.class, unionid);
				if (taken + provisioned > 0) {
					throw new ResourceConflictException("unionid", "This unionid is someone's already");
				}
			}
			if (phoneNumber != null) {
				this.jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", (rs) -> null, "phone-number:" + phoneNumber);
				Integer taken = this.jdbc.queryForObject("SELECT (SELECT count(*) FROM users WHERE phone_number = ?"
						+ " AND phone_number_verified) + (SELECT count(*) FROM provisioned_phone_numbers"
						+ " WHERE phone_number = ?)", Integer.class, phoneNumber, phoneNumber);
				if (taken > 0) {
					throw new ResourceConflictException("phone_number",
							"This phone number is someone's already: find them with the phone_number filter");
				}
			}
			Timestamp now = Timestamp.from(this.clock.instant());
			this.jdbc.update("INSERT INTO users (id, phone_number, created_at, updated_at) VALUES (?, ?, ?, ?)", id,
					phoneNumber, now, now);
			if (unionid != null) {
				this.jdbc.update("INSERT INTO provisioned_unionids (unionid, user_id, created_at) VALUES (?, ?, ?)",
						unionid, id, now);
			}
			if (phoneNumber != null) {
				this.jdbc.update("INSERT INTO provisioned_phone_numbers (phone_number, user_id, created_at)"
						+ " VALUES (?, ?, ?)", phoneNumber, id, now);
			}
			this.audit.record(actor, "provision", RESOURCE, id.toString(), null, state(id, false));
		});
		return get(id);
	}

	/**
	 * Locks the person for the rest of the transaction as {@link PersonalData#lock} does (their identities, then
	 * their row, the order of logins): logins linking to them wait, as do other changes.
	 */
	private void lock(UUID id) {
		if (!this.personalData.lock(id)) {
			throw notFound(id);
		}
	}

	/** Refuses the person's logins from now on, and signs them out everywhere; a second call changes nothing. */
	UserView disable(String actor, UUID id) {
		this.transactions.executeWithoutResult((transaction) -> {
			lock(id);
			UserView before = get(id);
			if (before.disabled()) {
				return;
			}
			this.jdbc.update("UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?",
					Timestamp.from(this.clock.instant()), Timestamp.from(this.clock.instant()), id);
			this.personalData.signOutEverywhere(id);
			this.audit.record(actor, "disable", RESOURCE, id.toString(), state(id, false), state(id, true));
		});
		return get(id);
	}

	/** Lets the person sign in again (they sign in anew: nothing of before comes back). */
	UserView enable(String actor, UUID id) {
		this.transactions.executeWithoutResult((transaction) -> {
			lock(id);
			if (!get(id).disabled()) {
				return;
			}
			this.jdbc.update("UPDATE users SET disabled_at = NULL, updated_at = ? WHERE id = ?",
					Timestamp.from(this.clock.instant()), id);
			this.audit.record(actor, "enable", RESOURCE, id.toString(), state(id, true), state(id, false));
		});
		return get(id);
	}

	/**
	 * Unlinks one WeChat identity: its next login makes (or, by unionid, finds) a person anew. The person keeps the
	 * rest, but is signed out everywhere: what the identity's logins got must not go on acting as them.
	 * @throws ResourceNotFoundException when the person has no such identity
	 */
	void unlink(String actor, UUID id, String appid, String openid) {
		this.transactions.executeWithoutResult((transaction) -> {
			lock(id);
			if (!this.personalData.unlink(id, appid, openid)) {
				throw new ResourceNotFoundException("identity", appid + "/" + openid + " of user " + id);
			}
			this.personalData.signOutEverywhere(id);
			ObjectNode identity = JsonNodeFactory.instance.objectNode().put("id", id.toString()).put("appid", appid);
			this.audit.record(actor, "unlink", RESOURCE, id.toString(), identity, null);
		});
	}

	/**
	 * Deletes the person and everything kept of them ({@link PersonalData#delete}): identities, session keys,
	 * authorizations, consents, sessions, profile and phone number. Only the audit event remains, naming their id
	 * alone.
	 */
	void delete(String actor, UUID id) {
		this.transactions.executeWithoutResult((transaction) -> {
			lock(id);
			this.personalData.delete(id);
			this.audit.record(actor, "delete", RESOURCE, id.toString(), state(id, null), null);
		});
	}

	/** What the audit log keeps of a person: their id, and whether they were disabled. */
	private static ObjectNode state(UUID id, @Nullable Boolean disabled) {
		ObjectNode state = JsonNodeFactory.instance.objectNode().put("id", id.toString());
		if (disabled != null) {
			state.put("disabled", disabled);
		}
		return state;
	}

	private UserView withIdentitiesAndGrants(UserView user) {
		List<IdentityView> identities = this.jdbc.query(IDENTITIES, UserAdministration::identity, user.id());
		List<Map<String, Object>> grants = this.jdbc.queryForList(LIVE_GRANTS, user.id().toString());
		String provisioned = this.jdbc
			.queryForList("SELECT unionid FROM provisioned_unionids WHERE user_id = ?", String.class, user.id())
			.stream()
			.findFirst()
			.orElse(null);
		String provisionedPhoneNumber = this.jdbc
			.queryForList("SELECT phone_number FROM provisioned_phone_numbers WHERE user_id = ? ORDER BY created_at",
					String.class, user.id())
			.stream()
			.findFirst()
			.orElse(null);
		return new UserView(user.id(), user.nickname(), user.avatarUrl(), user.phoneNumber(), user.phoneNumberVerified(),
				user.createdAt(), user.disabled(), user.disabledAt(), provisioned, provisionedPhoneNumber, identities,
				grants.stream()
					.map((grant) -> new GrantView((String) grant.get("client_id"),
							((Number) grant.get("authorizations")).intValue()))
					.toList());
	}

	private UserView user(ResultSet rs, int row) throws SQLException {
		Timestamp disabledAt = rs.getTimestamp("disabled_at");
		return new UserView(rs.getObject("id", UUID.class), rs.getString("nickname"), rs.getString("avatar_url"),
				rs.getString("phone_number"), rs.getBoolean("phone_number_verified"),
				rs.getTimestamp("created_at").toInstant(), disabledAt != null,
				(disabledAt != null) ? disabledAt.toInstant() : null, null, null, List.of(), List.of());
	}

	private static IdentityView identity(ResultSet rs, int row) throws SQLException {
		return new IdentityView(rs.getString("appid"), rs.getString("openid"), rs.getString("unionid"),
				rs.getString("app_kind"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("last_login_at").toInstant());
	}

	/** Which people to list; a {@code null} member matches everyone. */
	record Filter(@Nullable String phoneNumber, @Nullable String unionid, @Nullable String appid,
			@Nullable String openid) {
	}

	/** A person as the admin API shows them. */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record UserView(UUID id, @Nullable String nickname, @JsonProperty("avatar_url") @Nullable String avatarUrl,
			@JsonProperty("phone_number") @Nullable String phoneNumber,
			@JsonProperty("phone_number_verified") boolean phoneNumberVerified,
			@JsonProperty("created_at") Instant createdAt, boolean disabled,
			@JsonProperty("disabled_at") @Nullable Instant disabledAt,
			@JsonProperty("provisioned_unionid") @Nullable String provisionedUnionid,
			@JsonProperty("provisioned_phone_number") @Nullable String provisionedPhoneNumber,
			List<IdentityView> identities,
			@JsonProperty("live_grants") List<GrantView> liveGrants) {
	}

	/** One WeChat identity linked to the person. */
	record IdentityView(String appid, String openid, @Nullable String unionid, @JsonProperty("app_kind") String appKind,
			@JsonProperty("created_at") Instant createdAt, @JsonProperty("last_login_at") Instant lastLoginAt) {
	}

	/** A client holding live grants of the person, and how many. */
	record GrantView(@JsonProperty("client_id") String clientId, int authorizations) {
	}

}
