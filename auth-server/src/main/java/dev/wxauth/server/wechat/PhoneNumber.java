package dev.wxauth.server.wechat;

import dev.wxauth.server.user.PhoneNumbers;

import org.springframework.util.Assert;

/**
 * A phone number WeChat verified, in E.164 form ({@code +8613800138000}), as OpenID Connect's
 * {@code phone_number} claim recommends.
 */
public record PhoneNumber(String e164) {

	public PhoneNumber {
		Assert.isTrue(PhoneNumbers.isE164(e164), "not an E.164 phone number");
	}

	/** @param countryCode without "+" ({@code 86}); absent means China, WeChat's default */
	public static PhoneNumber of(String countryCode, String localNumber) {
		String country = (countryCode == null || countryCode.isBlank()) ? "86" : countryCode.replace("+", "").strip();
		try {
			return new PhoneNumber("+" + country + localNumber.replaceAll("[\\s-]", ""));
		}
		catch (IllegalArgumentException ex) {
			throw new WeChatException(WeChatException.Kind.UNAVAILABLE, 0, "WeChat returned an unusable phone number");
		}
	}

	@Override
	public String toString() {
		return "PhoneNumber[redacted]";
	}

}
