package dev.wxauth.server.wechat;


import java.util.List;

import org.springframework.util.Assert;

/**
 * One of our WeChat apps as the API client needs it. The secret never appears in {@link #toString()}.
 *
 * @param name our name for it (the key under {@code wxauth.wechat.apps})
 */
public record WeChatApp(String name, AppKind kind, String appid, String secret, String scope) {

	public WeChatApp {
		Assert.hasText(name, "name cannot be empty");
		Assert.notNull(kind, "kind cannot be null");
		Assert.hasText(appid, "appid cannot be empty (wxauth.wechat.apps." + name + ".appid)");
		Assert.hasText(secret, "secret cannot be empty (wxauth.wechat.apps." + name + ".secret)");
	}

	/** What an official account may ask for, the first the default: profile and unionid, or the openid alone. */
	public static List<String> officialAccountScopes() {
		return List.of("snsapi_userinfo", "snsapi_base");
	}

	@Override
	public String toString() {
		return "WeChatApp[name=" + this.name + ", kind=" + this.kind + ", appid=" + this.appid + "]";
	}

}
