package dev.wxauth.server.wechat;


import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One of our WeChat apps as the API client and the push receiver need it. The secrets (AppSecret, push token,
 * EncodingAESKey) never appear in {@link #toString()}.
 *
 * @param name our name for it (the key under {@code wxauth.wechat.apps})
 * @param pushToken the Token of the app's message push (WeChat signs each push with it); {@code null}: the app
 * receives no pushes
 * @param encodingAesKey the EncodingAESKey of the app's message push (safe mode); {@code null}: plaintext pushes only
 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html">Message
 * push</a>
 */
public record WeChatApp(String name, AppKind kind, String appid, String secret, String scope,
		@Nullable String pushToken, @Nullable String encodingAesKey) {

	/** What WeChat's console takes as a push Token (its own rule: letters and digits, 3 to 32). */
	public static final Pattern PUSH_TOKEN = Pattern.compile("[A-Za-z0-9_-]{3,32}");

	/** An EncodingAESKey: 43 characters of base64, a 256-bit key once WeChat's {@code =} is added. */
	public static final Pattern ENCODING_AES_KEY = Pattern.compile("[A-Za-z0-9+/]{43}");

	public WeChatApp {
		Assert.hasText(name, "name cannot be empty");
		Assert.notNull(kind, "kind cannot be null");
		Assert.hasText(appid, "appid cannot be empty (wxauth.wechat.apps." + name + ".appid)");
		Assert.hasText(secret, "secret cannot be empty (wxauth.wechat.apps." + name + ".secret)");
		Assert.isTrue(pushToken == null || PUSH_TOKEN.matcher(pushToken).matches(), "push token must be 3 to 32"
				+ " letters, digits, dashes or underscores (wxauth.wechat.apps." + name + ".push-token)");
		Assert.isTrue(encodingAesKey == null || ENCODING_AES_KEY.matcher(encodingAesKey).matches(),
				"EncodingAESKey must be 43 base64 characters: letters, digits, + and / (wxauth.wechat.apps." + name + ".encoding-aes-key)");
		Assert.isTrue(encodingAesKey == null || pushToken != null,
				"an EncodingAESKey needs a push token (wxauth.wechat.apps." + name + ".push-token)");
	}

	/** An app that receives no pushes. */
	public WeChatApp(String name, AppKind kind, String appid, String secret, String scope) {
		this(name, kind, appid, secret, scope, null, null);
	}

	/** What an official account may ask for, the first the default: profile and unionid, or the openid alone. */
	public static List<String> officialAccountScopes() {
		return List.of("snsapi_userinfo", "snsapi_base");
	}

	/** Whether WeChat's pushes about its people can reach us: it has a push token. */
	public boolean receivesPushes() {
		return this.pushToken != null;
	}

	@Override
	public String toString() {
		return "WeChatApp[name=" + this.name + ", kind=" + this.kind + ", appid=" + this.appid + "]";
	}

}
