package dev.wxauth.server.user;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

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

}
