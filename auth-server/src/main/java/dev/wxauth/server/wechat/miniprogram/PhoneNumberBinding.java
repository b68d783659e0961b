package dev.wxauth.server.wechat.miniprogram;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import dev.wxauth.server.federation.FederatedPrincipal;
import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.AppAccessTokens;
import dev.wxauth.server.wechat.AppKind;
import dev.wxauth.server.wechat.PhoneNumber;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.WeChatEncryptedData;
import dev.wxauth.server.wechat.WeChatException;
import dev.wxauth.server.wechat.WeChatLoginAttempts;
import dev.wxauth.server.wechat.WeChatMetrics;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Binds a WeChat-verified phone number to the user behind a mini-program's access token: from a
 * {@code getPhoneNumber} button code ({@code wxa/business/getuserphonenumber}, with the app's shared access
 * token), or from the legacy {@code encryptedData} + {@code iv}, decrypted with the stored session key.
 */
public final class PhoneNumberBinding {

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	private final WeChatApps apps;

	private final WeChatApiClient api;

	private final AppAccessTokens appAccessTokens;

	private final SessionKeyStore sessionKeys;

	private final WeChatEncryptedData encryptedData;

	private final UserRepository users;

	private final PhoneNumberQuota quota;

	private final WeChatMetrics metrics;

	private final Clock clock;

	public PhoneNumberBinding(OAuth2AuthorizationService authorizations, RegisteredClientRepository clients,
			WeChatApps apps, WeChatApiClient api, AppAccessTokens appAccessTokens, SessionKeyStore sessionKeys,
			WeChatEncryptedData encryptedData, UserRepository users, PhoneNumberQuota quota, WeChatMetrics metrics,
			Clock clock) {
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(apps, "apps cannot be null");
		Assert.notNull(api, "api cannot be null");
		Assert.notNull(appAccessTokens, "appAccessTokens cannot be null");
		Assert.notNull(sessionKeys, "sessionKeys cannot be null");
		Assert.notNull(encryptedData, "encryptedData cannot be null");
		Assert.notNull(users, "users cannot be null");
		Assert.notNull(quota, "quota cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.authorizations = authorizations;
		this.clients = clients;
		this.apps = apps;
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
	 * Who the bearer token speaks for, and through which mini-program.
	 * @throws NotAMiniProgramLoginException when the token is unknown, revoked, or not from a mini-program login
	 */
	public MiniProgramLogin loginOf(String accessToken) {
		OAuth2Authorization authorization = this.authorizations.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
		OAuth2Authorization.Token<OAuth2AccessToken> token = (authorization != null) ? authorization.getAccessToken() : null;
		if (token == null || !token.isActive()) {
			throw new NotAMiniProgramLoginException();
		}
		RegisteredClient client = this.clients.findById(authorization.getRegisteredClientId());
		WeChatApp app = ((client != null) ? this.apps.boundTo(client, AppKind.MINI_PROGRAM) : Optional.<WeChatApp>empty())
			.orElseThrow(NotAMiniProgramLoginException::new);
		Authentication principal = authorization.getAttribute(java.security.Principal.class.getName());
		if (principal == null || !(principal.getPrincipal() instanceof OAuth2User person)
				|| !app.appid().equals(person.getAttribute(FederatedPrincipal.WECHAT_APPID))) {
			throw new NotAMiniProgramLoginException();
		}
		return new MiniProgramLogin(UUID.fromString(person.getName()), app,
				person.getAttribute(FederatedPrincipal.WECHAT_OPENID));
	}

	/**
	 * The {@code getPhoneNumber} button's code, checked by WeChat against this user's openid.
	 * @throws OAuth2AuthenticationException {@code invalid_grant} for a code that is invalid, used or another user's,
	 * or the RFC error of WeChat's failure, or a {@link dev.wxauth.server.oauth2.TooManyRequestsError} when today's
	 * {@link PhoneNumberQuota} is spent (WeChat is not asked then)
	 */
	public PhoneNumber bindWithCode(MiniProgramLogin login, String code) {
		return store(login, verify(login.app(), login.openid(), login.userId().toString(), code));
	}

	/**
	 * The number behind a {@code getPhoneNumber} button's code, checked by WeChat against the openid, counted against
	 * today's quotas of the person and the app.
	 * @param person our user id, or for someone not known yet, their identity at the app
	 * @throws OAuth2AuthenticationException as {@link #bindWithCode}
	 */
	PhoneNumber verify(WeChatApp app, String openid, String person, String code) {
		try {
			this.quota.take(person, app);
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
				this.quota.giveBack(person, app);
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

	/** A mini-program login, as read from its access token. */
	public record MiniProgramLogin(UUID userId, WeChatApp app, String openid) {

		@Override
		public String toString() {
			return "MiniProgramLogin[userId=" + this.userId + ", app=" + this.app.name() + "]";
		}

	}

	/** The bearer token does not belong to a live mini-program login. */
	public static final class NotAMiniProgramLoginException extends RuntimeException {

		NotAMiniProgramLoginException() {
			super("The access token is not a live mini-program login");
		}

	}

}
