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

	/**
	 * A client setting: {@code true} makes every token request of the client carry a valid DPoP proof (RFC 9449), so
	 * that each of its access and refresh tokens is bound to its key; RFC 9449 §5.2 calls it
	 * {@code dpop_bound_access_tokens}.
	 */
	public static final String REQUIRE_DPOP = "settings.client.wxauth.require-dpop";

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

	/** The registration, changed so that the client gets tokens only with a DPoP proof ({@link #REQUIRE_DPOP}). */
	public static RegisteredClient.Builder requiringDPoP(RegisteredClient.Builder registration) {
		return registration.clientSettings(ClientSettings.withSettings(registration.build().getClientSettings().getSettings())
			.setting(REQUIRE_DPOP, true)
			.build());
	}

}
