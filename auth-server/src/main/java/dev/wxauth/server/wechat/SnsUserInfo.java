package dev.wxauth.server.wechat;

import org.jspecify.annotations.Nullable;

/**
 * The reply of {@code sns/userinfo}: the person's public WeChat profile.
 */
public record SnsUserInfo(String openid, @Nullable String unionid, @Nullable String nickname,
		@Nullable String headimgurl) {

	@Override
	public String toString() {
		return "SnsUserInfo[redacted]";
	}

}
