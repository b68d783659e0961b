package dev.wxauth.emulator;

import java.time.Clock;
import java.time.Duration;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Every code the emulator has issued, by where it is redeemed: {@code sns/oauth2/access_token} (authorize-page and
 * mobile-app codes), {@code sns/jscode2session} ({@code wx.login} codes), {@code wxa/business/getuserphonenumber}
 * (phone codes). Also mints the codes that come from a phone rather than a page, for the emulator's controls.
 */
@Component
final class IssuedCodes implements Resettable {

	private final SingleUseCodes authorizationCodes;

	private final SingleUseCodes jsCodes;

	private final SingleUseCodes phoneCodes;

	private final Directory directory;

	private final EmulatorProperties.Lifetimes lifetimes;

	private final Clock clock;

	IssuedCodes(Directory directory, EmulatorProperties properties, Clock clock) {
		Assert.notNull(directory, "directory cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.directory = directory;
		this.lifetimes = properties.lifetimes();
		this.clock = clock;
		this.authorizationCodes = new SingleUseCodes(clock);
		this.jsCodes = new SingleUseCodes(clock);
		this.phoneCodes = new SingleUseCodes(clock);
	}

	SingleUseCodes authorizationCodes() {
		return this.authorizationCodes;
	}

	SingleUseCodes jsCodes() {
		return this.jsCodes;
	}

	SingleUseCodes phoneCodes() {
		return this.phoneCodes;
	}

	/** A code as {@code wx.login} gives a mini-program. */
	String mintJsCode(String appid, String userId) {
		Grant grant = grant(appid, userId, AppKind.MINI_PROGRAM, null, this.lifetimes.jsCode());
		return this.jsCodes.issue(grant);
	}

	/** A code as the {@code getPhoneNumber} button gives a mini-program. */
	String mintPhoneCode(String appid, String userId) {
		Grant grant = grant(appid, userId, AppKind.MINI_PROGRAM, null, this.lifetimes.phoneCode());
		if (!grant.user().hasPhoneNumber()) {
			throw EmulatorControlException.badRequest("user " + userId + " has no phone number");
		}
		return this.phoneCodes.issue(grant);
	}

	/** A code as the Open SDK gives a mobile app after the user approves in WeChat ({@code snsapi_userinfo}). */
	String mintAppCode(String appid, String userId) {
		Grant grant = grant(appid, userId, AppKind.MOBILE_APP, Identity.SNSAPI_USERINFO, this.lifetimes.appCode());
		return this.authorizationCodes.issue(grant);
	}

	private Grant grant(String appid, String userId, AppKind kind, String scope, Duration lifetime) {
		WeChatApp app = this.directory.app(appid)
			.orElseThrow(() -> EmulatorControlException.notFound("unknown appid " + appid));
		if (app.kind() != kind) {
			throw EmulatorControlException.badRequest("app " + appid + " is a " + app.kind() + ", not a " + kind);
		}
		TestUser user = this.directory.user(userId)
			.orElseThrow(() -> EmulatorControlException.notFound("unknown user " + userId));
		return new Grant(app, user, scope, this.clock.instant().plus(lifetime));
	}

	@Override
	public void reset() {
		this.authorizationCodes.clear();
		this.jsCodes.clear();
		this.phoneCodes.clear();
	}

}
