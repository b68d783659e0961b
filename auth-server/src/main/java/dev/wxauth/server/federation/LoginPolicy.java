package dev.wxauth.server.federation;

import org.jspecify.annotations.Nullable;

/**
 * Whom a client's logins may bring in: anyone WeChat vouches for ({@link #SIGN_UP}, a new person becomes a new
 * user), or only the people we know already ({@link #LOGIN_ONLY}: by one of their WeChat identities, by a unionid
 * another identity of theirs carries, or by a unionid an operator registered for them beforehand). An enterprise's
 * app whose users are its staff is the case for the second.
 */
public enum LoginPolicy {

	SIGN_UP("sign-up"),

	LOGIN_ONLY("login-only");

	/** A client setting: the policy's {@link #value()}; absent means {@link #SIGN_UP}. */
	public static final String CLIENT_SETTING = "settings.client.wxauth.login-policy";

	private final String value;

	LoginPolicy(String value) {
		this.value = value;
	}

	/** As client metadata and settings spell it. */
	public String value() {
		return this.value;
	}

	/** The policy a setting names; {@link #SIGN_UP} when it names none. */
	public static LoginPolicy of(@Nullable Object setting) {
		return LOGIN_ONLY.value.equals(setting) ? LOGIN_ONLY : SIGN_UP;
	}

	/** The policy a value names, or {@code null} for none of ours. */
	public static @Nullable LoginPolicy named(String value) {
		for (LoginPolicy policy : values()) {
			if (policy.value.equals(value)) {
				return policy;
			}
		}
		return null;
	}

}
