package dev.wxauth.server.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import org.springframework.util.Assert;

/**
 * Authenticated encryption of secrets at rest: AES-256-GCM (NIST SP 800-38D) under the {@link MasterKey}, with
 * a random 96-bit nonce per message.
 * <p>
 * Each ciphertext is bound to a <em>context</em> (for example {@code signing_keys:<kid>}) through the GCM
 * additional authenticated data, so a ciphertext copied into another row does not decrypt.
 * <p>
 * Format: {@code version (1 byte) || nonce (12 bytes) || ciphertext || tag (16 bytes)}.
 */
public final class AtRestEncryptor {

	private static final byte VERSION = 1;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final MasterKey masterKey;

	private final SecureRandom random = new SecureRandom();

	public AtRestEncryptor(MasterKey masterKey) {
		Assert.notNull(masterKey, "masterKey cannot be null");
		this.masterKey = masterKey;
	}

	public byte[] encrypt(byte[] plaintext, String context) {
		Assert.notNull(plaintext, "plaintext cannot be null");
		Assert.hasText(context, "context cannot be empty");
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	/**
	 * @throws DecryptionFailedException when the ciphertext was altered, belongs to another context, or was made
	 * under another master key
	 */
	public byte[] decrypt(byte[] ciphertext, String context) {
		Assert.notNull(ciphertext, "ciphertext cannot be null");
		Assert.hasText(context, "context cannot be empty");
		if (ciphertext.length < 1 + NONCE_BYTES + TAG_BITS / 8 || ciphertext[0] != VERSION) {
			throw new DecryptionFailedException(context);
		}
		ByteBuffer buffer = ByteBuffer.wrap(ciphertext, 1, ciphertext.length - 1);
		byte[] nonce = new byte[NONCE_BYTES];
		buffer.get(nonce);
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, context);
			return cipher.doFinal(ciphertext, 1 + NONCE_BYTES, ciphertext.length - 1 - NONCE_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new DecryptionFailedException(context);
		}
	}

	private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.masterKey.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	/**
	 * A stored secret could not be decrypted: most often the master key is not the one it was written under.
	 */
	public static final class DecryptionFailedException extends RuntimeException {

		DecryptionFailedException(String context) {
			super("Cannot decrypt " + context + ": altered data, or WXAUTH_MASTER_KEY differs from the one it was encrypted with");
		}

	}

}
