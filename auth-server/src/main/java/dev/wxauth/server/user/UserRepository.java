package dev.wxauth.server.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.util.Assert;

/**
 * {@code users} and {@code wechat_identities} over plain JDBC.
 */
public final class UserRepository {

	// @formatter:off
	private static final String USER_COLUMNS = "id, nickname, avatar_url, phone_number, phone_number_verified";

	private static final String SELECT_USER = "SELECT " + USER_COLUMNS + " FROM users WHERE id = ?";

	private static final String INSERT_USER = "INSERT INTO users"
			+ " (id, nickname, avatar_url, profile_read_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";

	// an avatar of ours the person's picture no longer names (WeChat's replaced it) is deleted: never served again
	private static final String DELETE_UNNAMED_AVATAR = "DELETE FROM avatars a USING person p WHERE a.user_id = p.id"
			+ " AND coalesce(p.avatar_url, '') NOT LIKE '%" + Avatars.PATH + "' || a.id::text";

	private static final String UPDATE_PROFILE = "WITH person AS (UPDATE users SET nickname = coalesce(?, nickname),"
			+ " avatar_url = coalesce(?, avatar_url), profile_read_at = coalesce(?, profile_read_at), updated_at = ?"
			+ " WHERE id = ? RETURNING id, avatar_url) " + DELETE_UNNAMED_AVATAR;

	private static final String UPDATE_CHOSEN_PROFILE = "UPDATE users SET nickname = coalesce(?, nickname),"
			+ " avatar_url = coalesce(?, avatar_url), profile_read_at = ?, updated_at = ? WHERE id = ? AND disabled_at IS NULL";

	private static final String UPDATE_PHONE = "UPDATE users SET phone_number = ?, phone_number_verified = ?,"
			+ " updated_at = ? WHERE id = ?";

	// the person another identity of theirs, or else an operator beforehand, tied to the unionid
	private static final String SELECT_USER_BY_UNIONID = "(SELECT user_id FROM wechat_identities WHERE unionid = ?"
			+ " ORDER BY created_at LIMIT 1) UNION ALL (SELECT user_id FROM provisioned_unionids WHERE unionid = ?)"
			+ " LIMIT 1";

	private static final String INSERT_IDENTITY = "INSERT INTO wechat_identities"
			+ " (appid, openid, unionid, user_id, app_kind, created_at, last_login_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

	// What any returning login records on its identity: when, and a unionid WeChat gives for the first time.
	private static final String RECORD_IDENTITY_LOGIN = "UPDATE wechat_identities SET last_login_at = ?,"
			+ " unionid = coalesce(?, wechat_identities.unionid)";

	private static final String UPDATE_IDENTITY_LOGIN = RECORD_IDENTITY_LOGIN + " WHERE appid = ? AND openid = ?";

	// the user's row is joined for one answer more, whether they may sign in
	private static final String RECORD_RETURNING_LOGIN = RECORD_IDENTITY_LOGIN + " FROM users"
			+ " WHERE appid = ? AND openid = ? AND users.id = wechat_identities.user_id"
			+ " RETURNING users.id, users.disabled_at IS NOT NULL";

	private static final String RECORD_RETURNING_LOGIN_WITH_PROFILE = "WITH identity AS (" + UPDATE_IDENTITY_LOGIN
			+ " RETURNING user_id), person AS (UPDATE users SET nickname = coalesce(?, nickname),"
			+ " avatar_url = coalesce(?, avatar_url), profile_read_at = ?, updated_at = ? FROM identity"
			+ " WHERE users.id = identity.user_id RETURNING users.id, users.disabled_at IS NOT NULL AS disabled,"
			+ " users.avatar_url), unnamed AS (" + DELETE_UNNAMED_AVATAR + ") SELECT id, disabled FROM person";

	private static final String RECORD_RETURNING_LOGIN_IF_PROFILE_READ_SINCE = RECORD_IDENTITY_LOGIN + " FROM users"
			+ " WHERE appid = ? AND openid = ? AND users.id = wechat_identities.user_id AND users.profile_read_at >= ?"
			+ " RETURNING users.id, users.disabled_at IS NOT NULL";

	// Serializes first logins that may create or link the same person (same unionid, or same appid + openid).
	private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext(?))";
	// @formatter:on

	private static final RowMapper<KnownIdentity> KNOWN_IDENTITY = (rs, rowNum) -> new KnownIdentity(
			rs.getObject(1, UUID.class), rs.getBoolean(2));

	private final JdbcOperations jdbc;

	private final RowMapper<User> userMapper = UserRepository::mapUser;

	public UserRepository(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	public Optional<User> findById(UUID id) {
		return this.jdbc.query(SELECT_USER, this.userMapper, id).stream().findFirst();
	}

	/** The person of a unionid: one of their identities carries it, or an operator registered it for them. */
	public Optional<UUID> findUserIdByUnionid(String unionid) {
		return this.jdbc.queryForList(SELECT_USER_BY_UNIONID, UUID.class, unionid, unionid).stream().findFirst();
	}

	/**
	 * The person an operator registered by this phone number (E.164) before their first login, the registration used
	 * up: it vouches for the one login that proves the number, not for whoever holds the number later (numbers change
	 * hands). Undone with the caller's transaction.
	 */
	public Optional<UUID> claimProvisionedPhoneNumber(String phoneNumber) {
		return this.jdbc
			.queryForList("DELETE FROM provisioned_phone_numbers WHERE phone_number = ? RETURNING user_id", UUID.class,
					phoneNumber)
			.stream()
			.findFirst();
	}

	/** @param profileReadAt when {@code nickname} and {@code avatarUrl} were read from WeChat, {@code null} if not */
	public void insertUser(UUID id, @Nullable String nickname, @Nullable String avatarUrl,
			@Nullable Instant profileReadAt, Instant now) {
		this.jdbc.update(INSERT_USER, id, nickname, avatarUrl, timestamp(profileReadAt), Timestamp.from(now),
				Timestamp.from(now));
	}

	/**
	 * Keeps what WeChat did not give ({@code null}); an avatar the person chose goes when WeChat's picture replaces
	 * it ({@link Avatars}).
	 * @param profileReadAt when the profile was read from WeChat, {@code null} if it was not
	 */
	public void updateProfile(UUID id, @Nullable String nickname, @Nullable String avatarUrl,
			@Nullable Instant profileReadAt, Instant now) {
		this.jdbc.update(UPDATE_PROFILE, nickname, avatarUrl, timestamp(profileReadAt), Timestamp.from(now), id);
	}

	/**
	 * The profile the person chose themselves, now their current one: as fresh as one just read from WeChat. Keeps
	 * what they did not choose ({@code null}). Locks their row until the transaction ends.
	 * @return whether they are still there and not disabled; nothing is written otherwise
	 */
	public boolean updateChosenProfile(UUID id, @Nullable String nickname, @Nullable String avatarUrl, Instant now) {
		Timestamp at = Timestamp.from(now);
		return this.jdbc.update(UPDATE_CHOSEN_PROFILE, nickname, avatarUrl, at, at, id) == 1;
	}

	/**
	 * Our copy of the profile of the person with that identity becomes as old as can be: their next login that may
	 * read it from WeChat reads it ({@code sns/userinfo}), whatever the profile's maximum age.
	 * @return whether it changed: there is such a person, and their profile was not old already
	 */
	public boolean markProfileOld(String appid, String openid) {
		return this.jdbc.update("UPDATE users SET profile_read_at = NULL FROM wechat_identities i"
				+ " WHERE i.appid = ? AND i.openid = ? AND users.id = i.user_id AND users.profile_read_at IS NOT NULL",
				appid, openid) > 0;
	}

	public void updatePhoneNumber(UUID id, String phoneNumber, boolean verified, Instant now) {
		this.jdbc.update(UPDATE_PHONE, phoneNumber, verified, Timestamp.from(now), id);
	}

	public void insertIdentity(UUID userId, String appid, String openid, @Nullable String unionid, String appKind,
			Instant now) {
		this.jdbc.update(INSERT_IDENTITY, appid, openid, unionid, userId, appKind, Timestamp.from(now),
				Timestamp.from(now));
	}

	/**
	 * The login of an identity we already know, in one statement: its last login and {@code unionid} (kept when
	 * WeChat gives none).
	 * @return the identity's user, or empty when the identity is unknown (nothing written)
	 */
	public Optional<KnownIdentity> recordReturningLogin(String appid, String openid, @Nullable String unionid,
			Instant now) {
		Timestamp at = Timestamp.from(now);
		return this.jdbc.query(RECORD_RETURNING_LOGIN, KNOWN_IDENTITY, at, unionid, appid, openid).stream().findFirst();
	}

	/**
	 * {@link #recordReturningLogin(String, String, String, Instant)} along with the user's profile just read from
	 * WeChat (a {@code null} keeps ours; an avatar the person chose goes when WeChat's picture replaces it), still one
	 * statement.
	 */
	public Optional<KnownIdentity> recordReturningLogin(String appid, String openid, @Nullable String unionid,
			@Nullable String nickname, @Nullable String avatarUrl, Instant now) {
		Timestamp at = Timestamp.from(now);
		return this.jdbc
			.query(RECORD_RETURNING_LOGIN_WITH_PROFILE, KNOWN_IDENTITY, at, unionid, appid, openid, nickname, avatarUrl, at, at)
			.stream()
			.findFirst();
	}

	/**
	 * {@link #recordReturningLogin(String, String, String, Instant)} only if the user's profile was read from WeChat
	 * at {@code readSince} or later.
	 * @return the identity's user, or empty when the identity is unknown or its profile older (nothing written)
	 */
	public Optional<KnownIdentity> recordReturningLoginIfProfileReadSince(String appid, String openid,
			@Nullable String unionid, Instant readSince, Instant now) {
		return this.jdbc
			.query(RECORD_RETURNING_LOGIN_IF_PROFILE_READ_SINCE, KNOWN_IDENTITY, Timestamp.from(now), unionid, appid, openid,
					Timestamp.from(readSince))
			.stream()
			.findFirst();
	}

	/**
	 * Locks the user's row until the transaction ends, against an operator's change (disable, delete, merge) under
	 * way, and tells whether they are disabled.
	 * @return empty when there is no such user (any more)
	 */
	public Optional<Boolean> lockForLink(UUID id) {
		return this.jdbc
			.query("SELECT disabled_at IS NOT NULL FROM users WHERE id = ? FOR SHARE", (rs, row) -> rs.getBoolean(1), id)
			.stream()
			.findFirst();
	}

	/** Must run inside a transaction: holds the lock on {@code key} until it ends. */
	public void lock(String key) {
		this.jdbc.query(LOCK, (rs) -> null, key);
	}

	/**
	 * A returning login's identity: whose it is, and whether they may sign in.
	 * @param userDisabled whether an operator disabled the user
	 */
	public record KnownIdentity(UUID userId, boolean userDisabled) {
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static User mapUser(ResultSet rs, int rowNum) throws SQLException {
		return new User(rs.getObject("id", UUID.class), rs.getString("nickname"), rs.getString("avatar_url"),
				rs.getString("phone_number"), rs.getBoolean("phone_number_verified"));
	}

}
