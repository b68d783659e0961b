package dev.wxauth.server.keys;

import java.time.Instant;

import com.nimbusds.jose.jwk.RSAKey;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * One JWT signing key as stored in {@code signing_keys}: it signs from {@code activatesAt} until a newer key
 * activates, and is published in the JWKS until {@code retiresAt} (never, while it is the newest).
 *
 * @param jwk the key pair, private part included
 */
public record SigningKey(RSAKey jwk, Instant createdAt, Instant activatesAt, @Nullable Instant retiresAt) {

	public SigningKey {
		Assert.notNull(jwk, "jwk cannot be null");
		Assert.isTrue(jwk.isPrivate(), "jwk must hold the private key");
		Assert.notNull(jwk.getKeyID(), "jwk must have a key id");
		Assert.notNull(createdAt, "createdAt cannot be null");
		Assert.notNull(activatesAt, "activatesAt cannot be null");
	}

	public String kid() {
		return this.jwk.getKeyID();
	}

	boolean isPublishedAt(Instant instant) {
		return this.retiresAt == null || this.retiresAt.isAfter(instant);
	}

	boolean isActivatedAt(Instant instant) {
		return !this.activatesAt.isAfter(instant);
	}

	SigningKey retiringAt(Instant instant) {
		return new SigningKey(this.jwk, this.createdAt, this.activatesAt, instant);
	}

	@Override
	public String toString() {
		return "SigningKey[kid=" + kid() + ", activatesAt=" + this.activatesAt + ", retiresAt=" + this.retiresAt + "]";
	}

}
