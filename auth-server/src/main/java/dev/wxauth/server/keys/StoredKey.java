package dev.wxauth.server.keys;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A signing key as operators see it: its dates, never its private part.
 *
 * @param activatesAt when it starts to sign (until a newer key does)
 * @param retiresAt when it leaves the JWKS; {@code null} while no successor has replaced it
 */
public record StoredKey(String kid, String algorithm, Instant createdAt, Instant activatesAt,
		@Nullable Instant retiresAt) {
}
