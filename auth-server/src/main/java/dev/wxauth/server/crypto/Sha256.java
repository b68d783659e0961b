package dev.wxauth.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a one-time credential (a WeChat code, a refresh token), for recording that it was used without storing
 * the credential itself; and of stored content, to name what it is (an avatar's {@code ETag}).
 */
public final class Sha256 {

	private Sha256() {
	}

	/** @return the SHA-256 of {@code text} in UTF-8 */
	public static byte[] of(String text) {
		return of(text.getBytes(StandardCharsets.UTF_8));
	}

	/** @return the SHA-256 of {@code bytes} */
	public static byte[] of(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
