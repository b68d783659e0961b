package dev.wxauth.server.wechat.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * WeChat's signature of a push: SHA-1 of its parts (the app's push token, the timestamp and nonce, and in safe mode
 * the ciphertext) sorted as strings and joined, in lower-case hex. {@code signature} signs the token, timestamp and
 * nonce; {@code msg_signature} also the ciphertext.
 *
 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html">Message
 * push, URL verification</a>
 */
final class PushSignature {

	private PushSignature() {
	}

	static String of(String... parts) {
		String[] sorted = parts.clone();
		Arrays.sort(sorted);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1")
				.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is part of every Java runtime", ex);
		}
	}

	/** Whether {@code presented} is the signature of {@code parts}, compared in constant time. */
	static boolean matches(@Nullable String presented, String... parts) {
		return presented != null && MessageDigest.isEqual(of(parts).getBytes(StandardCharsets.US_ASCII),
				presented.getBytes(StandardCharsets.US_ASCII));
	}

}
