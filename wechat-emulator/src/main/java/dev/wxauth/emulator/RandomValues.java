package dev.wxauth.emulator;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Unguessable codes, tokens and session keys, shaped like WeChat's.
 */
final class RandomValues {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final char[] CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private RandomValues() {
	}

	/** 32 alphanumerics, like an OAuth code or a {@code wx.login} code. */
	static String code() {
		char[] code = new char[32];
		for (int i = 0; i < code.length; i++) {
			code[i] = CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)];
		}
		return new String(code);
	}

	/** Base64url, with the {@code -} and {@code _} real tokens carry. */
	static String token() {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(48));
	}

	/** 16 random bytes in standard base64: its {@code +}, {@code /} and {@code =} test a client's decoding. */
	static String sessionKey() {
		return Base64.getEncoder().encodeToString(bytes(16));
	}

	static int nextInt() {
		return RANDOM.nextInt();
	}

	private static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

}
