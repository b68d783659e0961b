package dev.wxauth.server.wechat;

import dev.wxauth.server.config.WxauthProperties.AppKind;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Who WeChat says signed in: the only view of WeChat the rest of the server gets. {@code (appid, openid)} names
 * one person within one app; {@code unionid}, when WeChat gives it, names the same person across our apps.
 * {@link #toString()} hides the ids.
 */
public record WeChatIdentity(String appid, AppKind appKind, String openid, @Nullable String unionid,
		@Nullable String nickname, @Nullable String avatarUrl) {

	public WeChatIdentity {
		Assert.hasText(appid, "appid cannot be empty");
		Assert.notNull(appKind, "appKind cannot be null");
		Assert.hasText(openid, "openid cannot be empty");
	}

	@Override
	public String toString() {
		return "WeChatIdentity[appid=" + this.appid + ", kind=" + this.appKind + ", unionid="
				+ ((this.unionid != null) ? "present" : "absent") + "]";
	}

}
