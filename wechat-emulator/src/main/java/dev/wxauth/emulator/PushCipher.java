package dev.wxauth.emulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What WeChat does to a push in its safe mode, and how it signs every push: AES-256-CBC under
 * {@code base64(EncodingAESKey + "=")} with the key's first 16 bytes as IV, of 16 random bytes, the message's length
 * (4 bytes, big-endian), the message and the receiving appid, PKCS#7-padded to 32-byte blocks; signatures are SHA-1
 * of their parts sorted and joined, in lower-case hex.
 */
final class PushCipher {

	private static final int BLOCK = 32;

	private PushCipher() {
	}

	static String encrypt(String encodingAesKey, String message, String appid, byte[] random) {
		byte[] key = Base64.getDecoder().decode(encodingAesKey + "=");
		byte[] text = message.getBytes(StandardCharsets.UTF_8);
		byte[] receiver = appid.getBytes(StandardCharsets.UTF_8);
		int unpadded = 16 + 4 + text.length + receiver.length;
		int padding = BLOCK - (unpadded % BLOCK);
		ByteBuffer plaintext = ByteBuffer.allocate(unpadded + padding);
		plaintext.put(random, 0, 16).putInt(text.length).put(text).put(receiver);
		for (int i = 0; i < padding; i++) {
			plaintext.put((byte) padding);
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
					new IvParameterSpec(Arrays.copyOf(key, 16)));
			return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.array()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String signature(String... parts) {
		String[] sorted = parts.clone();
		Arrays.sort(sorted);
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1")
					.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
