package dev.wxauth.server.wechat.miniprogram;

import java.time.Clock;
import java.util.UUID;

import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.AppAccessTokens;
import dev.wxauth.server.wechat.PhoneNumber;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatEncryptedData;
import dev.wxauth.server.wechat.WeChatException;
import dev.wxauth.server.wechat.WeChatLoginAttempts;
import dev.wxauth.server.wechat.WeChatMetrics;
import dev.wxauth.server.wechat.miniprogram.MiniProgramBearerTokens.MiniProgramLogin;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.Assert;

/**
 * Binds a WeChat-verified phone number to the user behind a mini-program's access token: from a
 * {@code getPhoneNumber} button code ({@code wxa/business/getuserphonenumber}, with the app's shared access
 * token), or from the legacy {@code encryptedData} + {@code iv}, decrypted with the stored session key.
 */
public final class PhoneNumberBinding {

	private final WeChatApiClient api;

	private final AppAccessTokens appAccessTokens;

	private final SessionKeyStore sessionKeys;

	private final WeChatEncryptedData encryptedData;

	private final UserRepository users;

	private final PhoneNumberQuota quota;

	private final WeChatMetrics metrics;

	private final Clock clock;

	public PhoneNumberBinding(WeChatApiClient api, AppAccessTokens appAccessTokens, SessionKeyStore sessionKeys,
			WeChatEncryptedData encryptedData, UserRepository users, PhoneNumberQuota quota, WeChatMetrics metrics,
			Clock clock) {
		Assert.notNull(api, "api cannot be null");
		Assert.notNull(appAccessTokens, "appAccessTokens cannot be null");
		Assert.notNull(sessionKeys, "sessionKeys cannot be null");
		Assert.notNull(encryptedData, "encryptedData cannot be null");
		Assert.notNull(users, "users cannot be null");
		Assert.notNull(quota, "quota cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.api = api;
		this.appAccessTokens = appAccessTokens;
		this.sessionKeys = sessionKeys;
		this.encryptedData = encryptedData;
		this.users = users;
		this.quota = quota;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * The {@code getPhoneNumber} button's code, checked by WeChat against this user's openid.
	 * @throws OAuth2AuthenticationException {@code invalid_grant} for a code that is invalid, used or another user's,
	 * or the RFC error of WeChat's failure, or a {@link dev.wxauth.server.oauth2.TooManyRequestsError} when today's
	 * {@link PhoneNumberQuota} is spent (WeChat is not asked then)
	 */
	public PhoneNumber bindWithCode(MiniProgramLogin login, String code) {
		return store(login, verify(login.app(), login.openid(), login.userId(), code));
	}

	/**
	 * The number behind a {@code getPhoneNumber} button's code, checked by WeChat against the openid, counted against
	 * today's quotas of the person and the app.
	 * @param userId our id of the person, or {@code null} for someone not known yet
	 * @throws OAuth2AuthenticationException as {@link #bindWithCode}
	 */
	PhoneNumber verify(WeChatApp app, String openid, @Nullable UUID userId, String code) {
		try {
			this.quota.take(userId, app, openid);
		}
		catch (OAuth2AuthenticationException ex) {
			this.metrics.phoneNumberVerification(app, "quota-refused");
			throw ex;
		}
		try {
			PhoneNumber number = this.appAccessTokens.call(app,
					(appToken) -> this.api.userPhoneNumber(app, appToken, code, openid));
			this.metrics.phoneNumberVerification(app, "ok");
			return number;
		}
		catch (WeChatException ex) {
			this.metrics.phoneNumberVerification(app, WeChatLoginAttempts.outcomeOf(ex).id());
			if (ex.kind() == WeChatException.Kind.UNAVAILABLE) {
				this.quota.giveBack(userId, app, openid);
			}
			throw (ex.kind() == WeChatException.Kind.INVALID_GRANT) ? new OAuth2AuthenticationException(new OAuth2Error(
					OAuth2ErrorCodes.INVALID_GRANT, "The phone code is invalid, expired, used, or another user's", null),
					ex) : ex.toOAuth2Exception();
		}
	}

	/** The legacy encrypted payload, decrypted with the session key of this user's latest login. */
	public PhoneNumber bindWithEncryptedData(MiniProgramLogin login, String data, String iv) {
		String sessionKey = this.sessionKeys.find(login.app().appid(), login.openid())
			.orElseThrow(() -> new WeChatEncryptedData.InvalidEncryptedDataException(
					"No session key for this user: log in with wx.login first"));
		return store(login, this.encryptedData.decryptPhoneNumber(sessionKey, data, iv, login.app().appid()));
	}

	private PhoneNumber store(MiniProgramLogin login, PhoneNumber phone) {
		this.users.updatePhoneNumber(login.userId(), phone.e164(), true, this.clock.instant());
		return phone;
	}

}
