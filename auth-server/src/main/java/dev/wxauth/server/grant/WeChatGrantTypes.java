package dev.wxauth.server.grant;

import java.util.Optional;
import java.util.Set;

import dev.wxauth.server.config.WxauthProperties.AppKind;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Our two extension grants (RFC 6749 §4.5) and how a client is bound to the WeChat app whose codes it may trade.
 */
public final class WeChatGrantTypes {

	/** A mini-program's {@code wx.login()} code, traded with {@code sns/jscode2session}. */
	public static final AuthorizationGrantType MINI_PROGRAM = new AuthorizationGrantType(
			"urn:wxauth:params:oauth:grant-type:wechat-mini-program");

	/** A native app's Open SDK ({@code SendAuth}) code, traded with {@code sns/oauth2/access_token}. */
	public static final AuthorizationGrantType MOBILE_APP = new AuthorizationGrantType(
			"urn:wxauth:params:oauth:grant-type:wechat-app");

	public static final Set<AuthorizationGrantType> ALL = Set.of(MINI_PROGRAM, MOBILE_APP);

	/** Client setting naming the entry of {@code wxauth.wechat.apps} a client is bound to. */
	public static final String WECHAT_APP_SETTING = "settings.client.wxauth.wechat-app";

	private WeChatGrantTypes() {
	}

	/** @return the name of the WeChat app the client is bound to, or {@code null} */
	public static String boundApp(RegisteredClient client) {
		Object app = client.getClientSettings().getSetting(WECHAT_APP_SETTING);
		return (app instanceof String name && !name.isBlank()) ? name : null;
	}

	/** The configured WeChat app of that kind the client is bound to, if any. */
	public static Optional<WeChatApp> boundApp(RegisteredClient client, WeChatApps apps, AppKind kind) {
		String name = boundApp(client);
		return (name != null) ? apps.byName(name).filter((app) -> app.kind() == kind) : Optional.empty();
	}

}
