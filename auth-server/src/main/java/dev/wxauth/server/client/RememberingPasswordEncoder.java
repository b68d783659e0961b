package dev.wxauth.server.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;


import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.Assert;

/**
 * Client secrets stay BCrypt-hashed at rest, but a secret that verified recently is not verified again: a
 * confidential client presents the same secret at every token request, and a BCrypt check costs tens of
 * milliseconds of CPU, which would cap the token endpoint at a few dozen requests a second.
 * <p>
 * What is remembered is a SHA-256 of the stored hash and the presented secret, never the secret, for
 * {@code ttl}; a changed secret has another stored hash, so it is checked afresh. Failed checks are never
 * remembered: guessing still pays BCrypt every time. A match against a secret rotated with an overlap
 * ({@link RotatingSecrets}) is remembered no longer than the overlap lasts.
 */
final class RememberingPasswordEncoder implements PasswordEncoder {

	private final PasswordEncoder delegate;

	private final Duration ttl;

	private final ExpiringMemory<String, Boolean> verified;

	private final Clock clock;

	RememberingPasswordEncoder(PasswordEncoder delegate, Duration ttl, int capacity, Clock clock) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.isTrue(ttl != null && !ttl.isNegative(), "ttl must not be negative");
		this.delegate = delegate;
		this.ttl = ttl;
		this.verified = new ExpiringMemory<>(capacity, clock);
		this.clock = clock;
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return this.delegate.encode(rawPassword);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (rawPassword == null || encodedPassword == null) {
			return this.delegate.matches(rawPassword, encodedPassword);
		}
		String key = fingerprint(rawPassword, encodedPassword);
		if (this.verified.get(key) != null) {
			return true;
		}
		boolean matches = this.delegate.matches(rawPassword, encodedPassword);
		if (matches) {
			this.verified.remember(key, Boolean.TRUE,
					RotatingSecrets.rememberFor(encodedPassword, this.ttl, this.clock.instant()));
		}
		return matches;
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

	private static String fingerprint(CharSequence rawPassword, String encodedPassword) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
			sha256.update((byte) 0);
			sha256.update(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
