package dev.wxauth.server.wechat.web;

import dev.wxauth.server.audit.LoginEvents;
import dev.wxauth.server.audit.LoginOutcome;
import dev.wxauth.server.audit.LoginRefusedException;
import dev.wxauth.server.federation.FederatedPrincipal;
import dev.wxauth.server.federation.FederatedUser;
import dev.wxauth.server.federation.LoginPolicy;
import dev.wxauth.server.federation.UserFederation;
import dev.wxauth.server.wechat.SnsAccessToken;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.WeChatException;
import dev.wxauth.server.wechat.WeChatIdentity;
import dev.wxauth.server.wechat.WeChatLoginAttempts;

import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.util.Assert;

/**
 * The user service of the WeChat web login: who WeChat's code exchange says signed in (snapshot-mode users refused:
 * their ids are virtual), federated to our user and returned as a {@link FederatedPrincipal}. The profile is read
 * from WeChat ({@code sns/userinfo}) only when the scope grants it and ours is old, by the same policy as the
 * native-app login ({@link UserFederation#federate(WeChatIdentity, java.util.function.Supplier)}).
 */
final class WeChatOAuth2UserService implements OAuth2UserService<OAuth2UserRequest, OAuth2User> {

	private final WeChatApps apps;

	private final WeChatApiClient api;

	private final UserFederation federation;

	private final WaitingClient waitingClient;

	private final LoginEvents loginEvents;

	WeChatOAuth2UserService(WeChatApps apps, WeChatApiClient api, UserFederation federation,
			WaitingClient waitingClient, LoginEvents loginEvents) {
		Assert.notNull(apps, "apps cannot be null");
		Assert.notNull(api, "api cannot be null");
		Assert.notNull(federation, "federation cannot be null");
		this.apps = apps;
		this.api = api;
		this.federation = federation;
		this.waitingClient = waitingClient;
		this.loginEvents = loginEvents;
	}

	@Override
	public OAuth2User loadUser(OAuth2UserRequest request) {
		SnsAccessToken token = WeChatCodeTokenResponseClient.snsAccessToken(request);
		if (token.snapshotUser()) {
			throw new LoginRefusedException(LoginOutcome.SNAPSHOT_USER,
					"WeChat shows a snapshot page to this user: sign in from WeChat itself");
		}
		String registrationId = request.getClientRegistration().getRegistrationId();
		// disabled or deleted through the admin API while this login was under way
		WeChatApp app = this.apps.byName(registrationId)
			.orElseThrow(() -> new LoginRefusedException(LoginOutcome.APP_NOT_ALLOWED,
					"This WeChat app no longer signs people in here"));
		WaitingClient.Rules rules = this.waitingClient.rules();
		if (!rules.allows(app.name())) {
			throw new LoginRefusedException(LoginOutcome.APP_NOT_ALLOWED,
					"This app does not sign people in through that WeChat app");
		}
		WeChatIdentity identity = new WeChatIdentity(app.appid(), app.kind(), token.openid(), token.unionid(), null,
				null);
		// a repeated callback's answer carries no token: the first callback reads the profile if it needs reading
		LoginPolicy policy = rules.policy();
		FederatedUser user = token.canReadProfile()
				? this.federation.federate(identity, () -> readProfile(app, token, identity), policy)
				: this.federation.federate(identity, policy);
		// failures are told by the login's failure handler, which sees those before this service too
		this.loginEvents.record(WeChatLoginAttempts.succeeded(app, rules.clientId(), user.id(), user.created()));
		return FederatedPrincipal.user(user.id(), identity);
	}

	private WeChatIdentity readProfile(WeChatApp app, SnsAccessToken token, WeChatIdentity identity) {
		try {
			return identity.withProfile(this.api.userInfo(app, token.accessToken(), identity.openid()));
		}
		catch (WeChatException ex) {
			throw ex.toOAuth2Exception();
		}
	}

}
