package dev.wxauth.server.wechat.oauth2;

import java.util.Map;

import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.WeChatException;
import dev.wxauth.server.wechat.WeChatIdentity;

import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.Assert;

/**
 * Turns a completed WeChat authorization (the token reply) into a {@link WeChatIdentity}, refusing snapshot-mode
 * users, whose ids are virtual; reads the profile with {@code sns/userinfo} when asked to, which the scope must allow
 * ({@code snsapi_base} would answer 48001).
 */
public final class WeChatIdentityResolver {

	private final WeChatApps apps;

	private final WeChatApiClient api;

	public WeChatIdentityResolver(WeChatApps apps, WeChatApiClient api) {
		Assert.notNull(apps, "apps cannot be null");
		Assert.notNull(api, "api cannot be null");
		this.apps = apps;
		this.api = api;
	}

	/** @return who signed in, from the token reply alone (no WeChat call), without a profile */
	public WeChatIdentity resolve(OAuth2UserRequest request) {
		Map<String, Object> reply = request.getAdditionalParameters();
		String registrationId = request.getClientRegistration().getRegistrationId();
		WeChatApp app = this.apps.byName(registrationId)
			.orElseThrow(() -> new IllegalStateException("No WeChat app named " + registrationId));
		if (Boolean.TRUE.equals(reply.get(WeChatCodeTokenResponseClient.SNAPSHOT_USER))) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED,
					"WeChat shows a snapshot page to this user: sign in from WeChat itself", null));
		}
		String openid = (String) reply.get(WeChatCodeTokenResponseClient.OPENID);
		String unionid = (String) reply.get(WeChatCodeTokenResponseClient.UNIONID);
		return new WeChatIdentity(app.appid(), app.kind(), openid, unionid, null, null);
	}

	/** @return {@code identity}, resolved from {@code request}, with the profile WeChat answers for it now */
	public WeChatIdentity readProfile(OAuth2UserRequest request, WeChatIdentity identity) {
		Assert.state(mayReadProfile(request), "The WeChat authorization grants no profile");
		try {
			return identity.withProfile(this.api.userInfo(request.getAccessToken().getTokenValue(), identity.openid()));
		}
		catch (WeChatException ex) {
			throw new OAuth2AuthenticationException(ex.toOAuth2Error(), ex);
		}
	}

	/** Whether the WeChat authorization grants the profile: {@code snsapi_userinfo} or {@code snsapi_login}. */
	public static boolean mayReadProfile(OAuth2UserRequest request) {
		var scopes = request.getAccessToken().getScopes();
		return scopes.contains("snsapi_userinfo") || scopes.contains("snsapi_login");
	}

}
