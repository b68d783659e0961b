package dev.wxauth.server.client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.Assert;

/**
 * A client secret rotated with an overlap: until a given time, the previous secret works beside the new one, so that
 * a client's instances can take the new secret one by one. Stored as one encoded secret,
 * {@code {rotating}base64url(current)~base64url(previous)~epochSeconds}, the two hashes encoded as any other secret;
 * every other encoding passes through to the delegate. Past its time, the previous secret is refused, with no write
 * needed.
 */
public final class RotatingSecrets implements PasswordEncoder {

	static final String PREFIX = "{rotating}";

	private static final char SEPARATOR = '~';

	private final PasswordEncoder delegate;

	private final Clock clock;

	public RotatingSecrets(PasswordEncoder delegate, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
	}

	/**
	 * The stored form of a secret whose predecessor keeps working until {@code previousUntil}.
	 * @param current the new secret, encoded
	 * @param previous the stored form of the secret it replaces (itself possibly rotating: its current one counts)
	 */
	public static String encode(String current, String previous, Instant previousUntil) {
		Assert.isTrue(!current.startsWith(PREFIX), "current must be a plain encoded secret");
		Rotation before = Rotation.parse(previous);
		String previousHash = (before != null) ? before.current() : previous;
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		return PREFIX + base64.encodeToString(current.getBytes(StandardCharsets.UTF_8)) + SEPARATOR
				+ base64.encodeToString(previousHash.getBytes(StandardCharsets.UTF_8)) + SEPARATOR
				+ previousUntil.getEpochSecond();
	}

	/** When the previous secret of a stored form stops working; {@code null} when it has no previous secret. */
	public static @Nullable Instant previousUntil(@Nullable String stored) {
		Rotation rotation = Rotation.parse(stored);
		return (rotation != null) ? rotation.previousUntil() : null;
	}

	/**
	 * How long a match against {@code stored} may be remembered, at most {@code longest}: not past the end of an
	 * overlap, so that the previous secret stops working on time.
	 */
	static Duration rememberFor(String stored, Duration longest, Instant now) {
		Instant until = previousUntil(stored);
		if (until == null || !until.isAfter(now)) {
			return longest;
		}
		Duration left = Duration.between(now, until);
		return (left.compareTo(longest) < 0) ? left : longest;
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return this.delegate.encode(rawPassword);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		Rotation rotation = Rotation.parse(encodedPassword);
		if (rotation == null) {
			// a rotation we cannot read matches nothing: never handed to the delegate, which knows no such encoding
			return (encodedPassword == null || !encodedPassword.startsWith(PREFIX))
					&& this.delegate.matches(rawPassword, encodedPassword);
		}
		return this.delegate.matches(rawPassword, rotation.current())
				|| (this.clock.instant().isBefore(rotation.previousUntil())
						&& this.delegate.matches(rawPassword, rotation.previous()));
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return (encodedPassword == null || !encodedPassword.startsWith(PREFIX))
				&& this.delegate.upgradeEncoding(encodedPassword);
	}

	private record Rotation(String current, String previous, Instant previousUntil) {

		static @Nullable Rotation parse(@Nullable String stored) {
			if (stored == null || !stored.startsWith(PREFIX)) {
				return null;
			}
			String[] parts = stored.substring(PREFIX.length()).split(String.valueOf(SEPARATOR), -1);
			if (parts.length != 3) {
				return null;
			}
			try {
				Base64.Decoder base64 = Base64.getUrlDecoder();
				String current = new String(base64.decode(parts[0]), StandardCharsets.UTF_8);
				String previous = new String(base64.decode(parts[1]), StandardCharsets.UTF_8);
				if (current.isEmpty() || previous.isEmpty() || current.startsWith(PREFIX) || previous.startsWith(PREFIX)) {
					return null;
				}
				return new Rotation(current, previous, Instant.ofEpochSecond(Long.parseLong(parts[2])));
			}
			catch (IllegalArgumentException | java.time.DateTimeException ex) {
				return null;
			}
		}

	}

}
