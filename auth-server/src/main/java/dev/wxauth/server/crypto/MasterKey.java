package dev.wxauth.server.crypto;

import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.util.Assert;

/**
 * The 256-bit AES key under which every secret is encrypted at rest (signing keys, later app secrets and
 * session keys). It comes from the environment ({@code WXAUTH_MASTER_KEY}, base64), never from the database.
 */
public final class MasterKey {

	static final int LENGTH_BYTES = 32;

	private final SecretKey key;

	private MasterKey(byte[] bytes) {
		this.key = new SecretKeySpec(bytes, "AES");
	}

	/**
	 * Reads a base64 (standard or URL-safe) encoded 32-byte key.
	 * @throws InvalidMasterKeyException when the text is not base64 of exactly 32 bytes
	 */
	public static MasterKey fromBase64(String base64) {
		Assert.hasText(base64, "base64 cannot be empty");
		byte[] bytes;
		try {
			String trimmed = base64.strip();
			bytes = (trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0) ? Base64.getUrlDecoder().decode(trimmed)
					: Base64.getDecoder().decode(trimmed);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidMasterKeyException("WXAUTH_MASTER_KEY is not valid base64");
		}
		if (bytes.length != LENGTH_BYTES) {
			throw new InvalidMasterKeyException(
					"WXAUTH_MASTER_KEY must decode to 32 bytes, but decodes to " + bytes.length);
		}
		MasterKey masterKey = new MasterKey(bytes);
		Arrays.fill(bytes, (byte) 0);
		return masterKey;
	}

	SecretKey secretKey() {
		return this.key;
	}

	@Override
	public String toString() {
		return "MasterKey[redacted]";
	}

	/**
	 * The configured master key cannot be used.
	 */
	public static final class InvalidMasterKeyException extends RuntimeException {

		InvalidMasterKeyException(String message) {
			super(message);
		}

	}

}
