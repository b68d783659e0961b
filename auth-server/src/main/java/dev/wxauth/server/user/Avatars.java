package dev.wxauth.server.user;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.wxauth.server.crypto.Sha256;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

/**
 * {@code avatars}: the one avatar each person chose, under a random id of its own (never the person's), published at
 * {@link #PATH}{@code {id}}. A new avatar replaces the person's old one under a new id, so that what an id shows never
 * changes; the old id is then unknown. An avatar lives only while the person's picture names it: deleted when a
 * profile read from WeChat replaces their picture ({@link UserRepository}), and with the person (a foreign key).
 */
public final class Avatars {

	/** Where an avatar is published, followed by its id. */
	public static final String PATH = "/avatars/";

	// @formatter:off
	private static final String REPLACE = "INSERT INTO avatars (id, user_id, content_type, bytes, sha256, created_at)"
			+ " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET id = excluded.id,"
			+ " content_type = excluded.content_type, bytes = excluded.bytes, sha256 = excluded.sha256,"
			+ " created_at = excluded.created_at";

	private static final String SELECT = "SELECT content_type, bytes, sha256 FROM avatars WHERE id = ?";
	// @formatter:on

	private final JdbcOperations jdbc;

	public Avatars(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/** A new avatar's id: random, nothing of the person's. */
	public static UUID newId() {
		return UUID.randomUUID();
	}

	/** Makes {@code image} the person's avatar under {@code id} (from {@link #newId()}), in place of the one they had. */
	public void replace(UUID userId, UUID id, AvatarImage image, Instant now) {
		Assert.notNull(userId, "userId cannot be null");
		Assert.notNull(id, "id cannot be null");
		Assert.notNull(image, "image cannot be null");
		byte[] bytes = image.bytes();
		this.jdbc.update(REPLACE, id, userId, image.contentType(), bytes, Sha256.of(bytes), Timestamp.from(now));
	}

	public Optional<StoredAvatar> find(UUID id) {
		Assert.notNull(id, "id cannot be null");
		return this.jdbc
			.query(SELECT, (rs, row) -> new StoredAvatar(rs.getString(1), rs.getBytes(2), rs.getBytes(3)), id)
			.stream()
			.findFirst();
	}

	/**
	 * An avatar as published.
	 * @param contentType what its bytes are ({@link AvatarImage#contentType()})
	 * @param sha256 the bytes' SHA-256
	 */
	public record StoredAvatar(String contentType, byte[] bytes, byte[] sha256) {

		@Override
		public String toString() {
			return "StoredAvatar[" + this.contentType + ", " + this.bytes.length + " bytes]";
		}

	}

}
