package dev.wxauth.server.app;

import dev.wxauth.server.grant.WeChatCodeRedeemer;
import dev.wxauth.server.wechat.SnsAccessToken;
import dev.wxauth.server.wechat.SnsUserInfo;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatIdentity;

import org.springframework.util.Assert;

/**
 * A native app's Open SDK ({@code SendAuth}) code, traded with {@code sns/oauth2/access_token} using the app
 * secret (which never leaves the server), then the profile from {@code sns/userinfo}.
 *
 * @see <a href="https://developers.weixin.qq.com/doc/oplatform/Mobile_App/WeChat_Login/Development_Guide.html">Mobile
 * app WeChat login</a>
 */
public final class MobileAppCodeRedeemer implements WeChatCodeRedeemer {

	private final WeChatApiClient api;

	public MobileAppCodeRedeemer(WeChatApiClient api) {
		Assert.notNull(api, "api cannot be null");
		this.api = api;
	}

	@Override
	public Redemption redeem(WeChatApp app, String code) {
		SnsAccessToken token = this.api.exchangeCode(app, code);
		if (!token.scopes().contains("snsapi_userinfo")) {
			return Redemption.of(new WeChatIdentity(app.appid(), app.kind(), token.openid(), token.unionid(), null, null));
		}
		SnsUserInfo profile = this.api.userInfo(token.accessToken(), token.openid());
		return Redemption.of(new WeChatIdentity(app.appid(), app.kind(), token.openid(),
				(profile.unionid() != null) ? profile.unionid() : token.unionid(), profile.nickname(),
				profile.headimgurl()));
	}

}
