package dev.wxauth.server.app;

import dev.wxauth.server.federation.UserFederation;
import dev.wxauth.server.grant.WeChatCodeRedeemer;
import dev.wxauth.server.wechat.SnsAccessToken;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatIdentity;

import org.springframework.util.Assert;

/**
 * A native app's Open SDK ({@code SendAuth}) code, traded with {@code sns/oauth2/access_token} using the app
 * secret (which never leaves the server), then the profile from {@code sns/userinfo} unless ours is recent.
 *
 * @see <a href="https://developers.weixin.qq.com/doc/oplatform/Mobile_App/WeChat_Login/Development_Guide.html">Mobile
 * app WeChat login</a>
 */
public final class MobileAppCodeRedeemer implements WeChatCodeRedeemer {

	private final WeChatApiClient api;

	private final UserFederation federation;

	public MobileAppCodeRedeemer(WeChatApiClient api, UserFederation federation) {
		Assert.notNull(api, "api cannot be null");
		Assert.notNull(federation, "federation cannot be null");
		this.api = api;
		this.federation = federation;
	}

	@Override
	public Redemption redeem(WeChatApp app, String code) {
		SnsAccessToken token = this.api.exchangeCode(app, code);
		WeChatIdentity identity = new WeChatIdentity(app.appid(), app.kind(), token.openid(), token.unionid(), null,
				null);
		if (!token.scopes().contains("snsapi_userinfo") || this.federation.hasRecentProfile(identity)) {
			return Redemption.of(identity);
		}
		return Redemption.of(identity.withProfile(this.api.userInfo(token.accessToken(), token.openid())));
	}

}
