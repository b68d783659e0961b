package dev.wxauth.server.wechat;

import org.jspecify.annotations.Nullable;

/**
 * The reply of {@code sns/jscode2session}. The session key is a secret: never logged, never sent to a client.
 */
public record MiniProgramSession(String openid, @Nullable String unionid, String sessionKey) {

	@Override
	public String toString() {
		return "MiniProgramSession[redacted]";
	}

}
