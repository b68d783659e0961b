package dev.wxauth.emulator;

import java.time.Instant;

import org.springframework.util.Assert;

/**
 * What a code stands for: a user's consent to an app, with a scope, until an instant.
 *
 * @param app the app the code was issued to; only it may redeem the code
 * @param user the user who approved
 * @param scope the scope granted ({@code snsapi_*}), or {@code null} for mini-program codes
 * @param expiresAt when the code stops being redeemable
 */
record Grant(WeChatApp app, TestUser user, String scope, Instant expiresAt) {

	Grant {
		Assert.notNull(app, "app cannot be null");
		Assert.notNull(user, "user cannot be null");
		Assert.notNull(expiresAt, "expiresAt cannot be null");
	}

}
