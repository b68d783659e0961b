package dev.wxauth.server.grant;

import java.util.UUID;

import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * How a mini-program or native app is registered: a public client (it ships inside the app, so no secret) bound
 * to one of our WeChat apps, allowed its code grant and rotating refresh tokens.
 */
public final class WeChatCodeClients {

	private WeChatCodeClients() {
	}

	/**
	 * @param grantType {@link WeChatGrantTypes#MINI_PROGRAM} or {@link WeChatGrantTypes#MOBILE_APP}
	 * @param weChatApp the app's name under {@code wxauth.wechat.apps}
	 */
	public static RegisteredClient.Builder publicClient(String clientId, AuthorizationGrantType grantType,
			String weChatApp) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(grantType)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.scope(OidcScopes.PHONE)
			.scope("wechat")
			.scope("api.read")
			.clientSettings(ClientSettings.builder().setting(WeChatApps.CLIENT_SETTING, weChatApp).build())
			.tokenSettings(TokenSettings.builder().reuseRefreshTokens(false).build());
	}

}
