package dev.wxauth.server.wechat;

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

	/**
	 * Whether a profile read from WeChat comes with this identity. A code alone gives none; {@code sns/userinfo}
	 * always answers a nickname and an avatar URL.
	 */
	public boolean hasProfile() {
		return this.nickname != null || this.avatarUrl != null;
	}

	/** This identity with the profile {@code sns/userinfo} answered, and its unionid where the code's reply had none. */
	public WeChatIdentity withProfile(SnsUserInfo profile) {
		Assert.notNull(profile, "profile cannot be null");
		return new WeChatIdentity(this.appid, this.appKind, this.openid,
				(profile.unionid() != null) ? profile.unionid() : this.unionid, profile.nickname(), profile.headimgurl());
	}

	@Override
	public String toString() {
		return "WeChatIdentity[appid=" + this.appid + ", kind=" + this.appKind + ", unionid="
				+ ((this.unionid != null) ? "present" : "absent") + "]";
	}

}
