package dev.wxauth.server.wechat.mobileapp;

import dev.wxauth.server.audit.LoginEvents;
import dev.wxauth.server.federation.FederatedPrincipal;
import dev.wxauth.server.federation.FederatedUser;
import dev.wxauth.server.federation.LoginPolicy;
import dev.wxauth.server.federation.UserFederation;
import dev.wxauth.server.wechat.CodeRedemptions;
import dev.wxauth.server.wechat.SnsAccessToken;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatException;
import dev.wxauth.server.wechat.WeChatIdentity;
import dev.wxauth.server.wechat.WeChatLoginAttempts;

import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.util.Assert;

/**
 * A native app's sign-in: its Open SDK ({@code SendAuth}) code, sent to WeChat once ({@code sns/oauth2/access_token},
 * with the app secret, which never leaves the server), gives the person's openid and unionid; the profile is read
 * ({@code sns/userinfo}) only when the code grants it and ours is old, by the same policy as the web login
 * ({@link UserFederation#federate(WeChatIdentity, java.util.function.Supplier)}).
 *
 * @see <a href="https://developers.weixin.qq.com/doc/oplatform/Mobile_App/WeChat_Login/Development_Guide.html">Mobile
 * app WeChat login</a>
 */
public final class MobileAppLogins {

	private final WeChatApiClient api;

	private final CodeRedemptions redemptions;

	private final UserFederation federation;

	private final LoginEvents loginEvents;

	public MobileAppLogins(WeChatApiClient api, CodeRedemptions redemptions, UserFederation federation,
			LoginEvents loginEvents) {
		Assert.notNull(api, "api cannot be null");
		Assert.notNull(redemptions, "redemptions cannot be null");
		Assert.notNull(federation, "federation cannot be null");
		Assert.notNull(loginEvents, "loginEvents cannot be null");
		this.api = api;
		this.redemptions = redemptions;
		this.federation = federation;
		this.loginEvents = loginEvents;
	}

	/**
	 * @param clientId the client the person signs in for
	 * @return the signed-in person, named by our user id
	 * @throws OAuth2AuthenticationException {@code invalid_grant} for a replayed, unknown or expired code, or the RFC
	 * error of WeChat's failure, or {@code access_denied} for someone {@code policy} does not let in; nothing is
	 * written then
	 */
	public OAuth2AuthenticationToken signIn(WeChatApp app, String clientId, String code, LoginPolicy policy) {
		FederatedUser user;
		WeChatIdentity identity;
		try {
			SnsAccessToken token = this.redemptions.redeemOnce(app, code,
					(redeemed) -> this.api.exchangeCode(app, redeemed));
			WeChatIdentity signedIn = new WeChatIdentity(app.appid(), app.kind(), token.openid(), token.unionid(), null,
					null);
			user = token.grantsProfile()
					? this.federation.federate(signedIn, () -> readProfile(app, token, signedIn), policy)
					: this.federation.federate(signedIn, policy);
			identity = signedIn;
		}
		catch (RuntimeException ex) {
			this.loginEvents.record(WeChatLoginAttempts.failed(app, clientId, ex));
			throw ex;
		}
		this.loginEvents.record(WeChatLoginAttempts.succeeded(app, clientId, user.id(), user.created()));
		return FederatedPrincipal.authentication(user.id(), identity, app.name());
	}

	private WeChatIdentity readProfile(WeChatApp app, SnsAccessToken token, WeChatIdentity identity) {
		try {
			return identity.withProfile(this.api.userInfo(app, token.accessToken(), token.openid()));
		}
		catch (WeChatException ex) {
			throw ex.toOAuth2Exception();
		}
	}

}
