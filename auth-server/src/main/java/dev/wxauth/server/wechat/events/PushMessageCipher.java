package dev.wxauth.server.wechat.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.util.Assert;

/**
 * WeChat's safe mode for pushes: the message is AES-256-CBC under the key {@code base64(EncodingAESKey + "=")}, with
 * the key's first 16 bytes as IV and PKCS#7 padding to 32-byte blocks; the plaintext is 16 random bytes, the
 * message's length (4 bytes, big-endian), the message, and the appid of the app it is for, which must be ours.
 *
 * @see <a href="https://developers.weixin.qq.com/doc/oplatform/en/Third-party_Platforms/Message_Encryption/Technical_Plan.html">Message
 * encryption, technical plan</a>
 */
final class PushMessageCipher {

	private static final int BLOCK = 32;

	private static final int RANDOM = 16;

	/** Far more than any event: a bigger ciphertext is refused before it is decoded. */
	static final int MAX_CIPHERTEXT = 64 * 1024;

	private final SecretKeySpec key;

	private final IvParameterSpec iv;

	/** @param encodingAesKey the app's EncodingAESKey: 43 base64 characters */
	PushMessageCipher(String encodingAesKey) {
		Assert.isTrue(encodingAesKey != null && encodingAesKey.length() == 43, "an EncodingAESKey has 43 characters");
		byte[] key = Base64.getDecoder().decode(encodingAesKey + "=");
		this.key = new SecretKeySpec(key, "AES");
		this.iv = new IvParameterSpec(Arrays.copyOf(key, 16));
	}

	/**
	 * The message inside {@code encrypted}, once it proved to be for {@code appid}.
	 * @throws InvalidPushException {@code malformed} for what is not a ciphertext, {@code forged} for one that does
	 * not decrypt under our key or is for another app
	 */
	String decrypt(String encrypted, String appid) {
		byte[] ciphertext;
		try {
			ciphertext = Base64.getDecoder().decode(encrypted);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidPushException.malformed("Encrypt is not base64");
		}
		if (ciphertext.length == 0 || ciphertext.length % 16 != 0 || ciphertext.length > MAX_CIPHERTEXT) {
			throw InvalidPushException.malformed("Encrypt is not an AES-CBC ciphertext");
		}
		byte[] plaintext;
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, this.iv);
			plaintext = cipher.doFinal(ciphertext);
		}
		catch (GeneralSecurityException ex) {
			throw InvalidPushException.forged("Encrypt does not decrypt under the app's EncodingAESKey");
		}
		int padding = plaintext[plaintext.length - 1] & 0xff;
		if (padding < 1 || padding > BLOCK || padding > plaintext.length) {
			throw InvalidPushException.forged("Encrypt does not decrypt under the app's EncodingAESKey");
		}
		int end = plaintext.length - padding;
		if (end < RANDOM + 4) {
			throw InvalidPushException.forged("Encrypt does not decrypt under the app's EncodingAESKey");
		}
		int length = ByteBuffer.wrap(plaintext, RANDOM, 4).getInt();
		if (length < 0 || length > end - RANDOM - 4) {
			throw InvalidPushException.forged("Encrypt does not decrypt under the app's EncodingAESKey");
		}
		int messageEnd = RANDOM + 4 + length;
		String receiver = new String(plaintext, messageEnd, end - messageEnd, StandardCharsets.UTF_8);
		if (!receiver.equals(appid)) {
			throw InvalidPushException.forged("Encrypt is for another app");
		}
		return new String(plaintext, RANDOM + 4, length, StandardCharsets.UTF_8);
	}

	/** What WeChat sends for {@code message} to the app {@code appid}, {@code random} its first 16 bytes. */
	String encrypt(String message, String appid, byte[] random) {
		Assert.isTrue(random != null && random.length == RANDOM, "random must be 16 bytes");
		byte[] text = message.getBytes(StandardCharsets.UTF_8);
		byte[] receiver = appid.getBytes(StandardCharsets.UTF_8);
		int unpadded = RANDOM + 4 + text.length + receiver.length;
		int padding = BLOCK - (unpadded % BLOCK);
		ByteBuffer plaintext = ByteBuffer.allocate(unpadded + padding);
		plaintext.put(random).putInt(text.length).put(text).put(receiver);
		for (int i = 0; i < padding; i++) {
			plaintext.put((byte) padding);
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, this.iv);
			return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.array()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-256-CBC is part of every Java runtime", ex);
		}
	}

}
