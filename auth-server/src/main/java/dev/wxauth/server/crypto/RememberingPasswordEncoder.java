package dev.wxauth.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.Assert;

/**
 * Client secrets stay BCrypt-hashed at rest, but a secret that verified recently is not verified again: a
 * confidential client presents the same secret at every token request, and a BCrypt check costs tens of
 * milliseconds of CPU, which capped the token endpoint at about 20 requests a second on two cores.
 * <p>
 * What is remembered is a SHA-256 of the stored hash and the presented secret, never the secret, for
 * {@code ttl}; a changed secret has another stored hash, so it is checked afresh. Failed checks are never
 * remembered: guessing still pays BCrypt every time.
 */
public final class RememberingPasswordEncoder implements PasswordEncoder {

	private final PasswordEncoder delegate;

	private final Duration ttl;

	private final int capacity;

	private final Clock clock;

	private final Map<String, Instant> verified = new ConcurrentHashMap<>();

	public RememberingPasswordEncoder(PasswordEncoder delegate, Duration ttl, int capacity, Clock clock) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.isTrue(ttl != null && !ttl.isNegative(), "ttl must not be negative");
		Assert.isTrue(capacity > 0, "capacity must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.delegate = delegate;
		this.ttl = ttl;
		this.capacity = capacity;
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
		Instant now = this.clock.instant();
		Instant until = this.verified.get(key);
		if (until != null && until.isAfter(now)) {
			return true;
		}
		boolean matches = this.delegate.matches(rawPassword, encodedPassword);
		if (matches) {
			if (this.verified.size() >= this.capacity) {
				// a bound, not an LRU: a full cache only costs some BCrypt checks until it fills again
				this.verified.clear();
			}
			this.verified.put(key, now.plus(this.ttl));
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
