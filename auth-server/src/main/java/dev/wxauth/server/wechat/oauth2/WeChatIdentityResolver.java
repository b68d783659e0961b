package dev.wxauth.server.wechat.oauth2;

import java.util.Map;

import dev.wxauth.server.wechat.SnsUserInfo;
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
 * Turns a completed WeChat authorization (the token reply) into a {@link WeChatIdentity}: reads the profile with
 * {@code sns/userinfo} only when the scope allows it ({@code snsapi_base} would answer 48001), and refuses
 * snapshot-mode users, whose ids are virtual.
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
		if (!mayReadProfile(request)) {
			return new WeChatIdentity(app.appid(), app.kind(), openid, unionid, null, null);
		}
		SnsUserInfo profile;
		try {
			profile = this.api.userInfo(request.getAccessToken().getTokenValue(), openid);
		}
		catch (WeChatException ex) {
			throw new OAuth2AuthenticationException(ex.toOAuth2Error(), ex);
		}
		return new WeChatIdentity(app.appid(), app.kind(), openid, (profile.unionid() != null) ? profile.unionid() : unionid,
				profile.nickname(), profile.headimgurl());
	}

	private static boolean mayReadProfile(OAuth2UserRequest request) {
		var scopes = request.getAccessToken().getScopes();
		return scopes.contains("snsapi_userinfo") || scopes.contains("snsapi_login");
	}

}
