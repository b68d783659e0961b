package dev.wxauth.server.miniprogram;

import dev.wxauth.server.grant.WeChatCodeRedeemer;
import dev.wxauth.server.wechat.MiniProgramSession;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatIdentity;

import org.springframework.util.Assert;

/**
 * A mini-program's {@code wx.login()} code, traded with {@code sns/jscode2session}: the identity, and the new
 * session key to keep (encrypted) with the login.
 */
public final class MiniProgramCodeRedeemer implements WeChatCodeRedeemer {

	private final WeChatApiClient api;

	private final SessionKeyStore sessionKeys;

	public MiniProgramCodeRedeemer(WeChatApiClient api, SessionKeyStore sessionKeys) {
		Assert.notNull(api, "api cannot be null");
		Assert.notNull(sessionKeys, "sessionKeys cannot be null");
		this.api = api;
		this.sessionKeys = sessionKeys;
	}

	@Override
	public Redemption redeem(WeChatApp app, String code) {
		MiniProgramSession session = this.api.jscode2session(app, code);
		WeChatIdentity identity = new WeChatIdentity(app.appid(), app.kind(), session.openid(), session.unionid(), null,
				null);
		return new Redemption(identity, () -> this.sessionKeys.save(app.appid(), session.openid(), session.sessionKey()));
	}

}
