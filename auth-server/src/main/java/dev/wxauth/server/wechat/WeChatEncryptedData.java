package dev.wxauth.server.wechat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * WeChat's legacy "open data" encryption for mini-programs: AES-128-CBC with PKCS#7 padding, the key being the
 * user's session key, then a JSON payload with a {@code watermark} naming the app and the time. A payload is
 * accepted only when its watermark is our app's and recent, so that data encrypted for another app, or replayed
 * long after, is refused.
 *
 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/signature.html">Open data
 * verification and decryption</a>
 */
public final class WeChatEncryptedData {

	/** How old (and how far in the future, for clock skew) a watermark may be. */
	static final Duration MAX_AGE = Duration.ofMinutes(5);

	private final JsonMapper json = JsonMapper.builder().build();

	private final Clock clock;

	public WeChatEncryptedData(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Decrypts a {@code getPhoneNumber} payload.
	 * @throws InvalidEncryptedDataException with a message fit for the app developer
	 */
	public PhoneNumber decryptPhoneNumber(String sessionKey, String encryptedData, String iv, String appid) {
		JsonNode payload = decrypt(sessionKey, encryptedData, iv, appid);
		JsonNode countryCode = payload.path("countryCode");
		String pureNumber = payload.path("purePhoneNumber").asString("");
		if (pureNumber.isEmpty()) {
			throw new InvalidEncryptedDataException("The payload holds no purePhoneNumber");
		}
		try {
			return PhoneNumber.of(countryCode.isNumber() ? String.valueOf(countryCode.asInt()) : countryCode.asString(null),
					pureNumber);
		}
		catch (WeChatException ex) {
			throw new InvalidEncryptedDataException("The payload holds no valid phone number");
		}
	}

	JsonNode decrypt(String sessionKey, String encryptedData, String iv, String appid) {
		byte[] key = base64(sessionKey, "session key");
		byte[] ivBytes = base64(iv, "iv");
		byte[] data = base64(encryptedData, "encryptedData");
		if (key.length != 16) {
			throw new InvalidEncryptedDataException("The session key is not 16 bytes");
		}
		if (ivBytes.length != 16) {
			throw new InvalidEncryptedDataException("iv must be 16 bytes (base64 of 16 bytes)");
		}
		byte[] plain;
		try {
			Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(ivBytes));
			plain = cipher.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new InvalidEncryptedDataException(
					"Cannot decrypt: the data was encrypted with another session key (call wx.login again, then ask for the data again)");
		}
		JsonNode payload;
		try {
			payload = this.json.readTree(new String(plain, StandardCharsets.UTF_8));
		}
		catch (JacksonException ex) {
			throw new InvalidEncryptedDataException("The decrypted data is not JSON");
		}
		JsonNode watermark = payload.path("watermark");
		if (!appid.equals(watermark.path("appid").asString(""))) {
			throw new InvalidEncryptedDataException("The data was not issued for this mini-program (watermark appid)");
		}
		Instant issued = Instant.ofEpochSecond(watermark.path("timestamp").asLong(0));
		Instant now = this.clock.instant();
		if (issued.isBefore(now.minus(MAX_AGE)) || issued.isAfter(now.plus(MAX_AGE))) {
			throw new InvalidEncryptedDataException("The data is too old (watermark timestamp)");
		}
		return payload;
	}

	private static byte[] base64(String value, String what) {
		if (value == null || value.isBlank()) {
			throw new InvalidEncryptedDataException(what + " is missing");
		}
		try {
			return Base64.getDecoder().decode(value.strip());
		}
		catch (IllegalArgumentException ex) {
			// a '+' turned into a space by form encoding is the usual culprit
			throw new InvalidEncryptedDataException(what + " is not valid base64 (was a '+' turned into a space?)");
		}
	}

	/** The encrypted data cannot be used; the message says why, for the app developer. */
	public static final class InvalidEncryptedDataException extends RuntimeException {

		public InvalidEncryptedDataException(String message) {
			super(message);
		}

	}

}
