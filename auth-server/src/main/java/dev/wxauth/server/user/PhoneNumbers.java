package dev.wxauth.server.user;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The one form a person's phone number takes here: E.164 ({@code +8613800138000}), as OpenID Connect's
 * {@code phone_number} claim recommends, whether WeChat verified it or an operator registered it.
 */
public final class PhoneNumbers {

	private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

	private PhoneNumbers() {
	}

	public static boolean isE164(@Nullable String number) {
		return number != null && E164.matcher(number).matches();
	}

	/**
	 * The number as a person recognizes their own while others learn little from it: a Chinese mobile number
	 * {@code +86 138****8000}, as WeChat and Chinese apps show it; any other with its first two digits and its last
	 * four alone ({@code +44******0123}; two for a short one).
	 */
	public static String masked(String number) {
		Assert.notNull(number, "number cannot be null");
		if (number.startsWith("+86") && number.length() == 14) {
			return "+86 " + number.substring(3, 6) + "****" + number.substring(10);
		}
		int shownAtEnd = (number.length() >= 10) ? 4 : 2;
		if (number.length() <= 3 + shownAtEnd) {
			return "*".repeat(number.length());
		}
		return number.substring(0, 3) + "*".repeat(number.length() - 3 - shownAtEnd)
				+ number.substring(number.length() - shownAtEnd);
	}

}
