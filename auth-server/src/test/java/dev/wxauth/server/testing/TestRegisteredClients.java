package dev.wxauth.server.testing;

import java.util.UUID;

import dev.wxauth.server.grant.WeChatCodeClients;
import dev.wxauth.server.grant.WeChatGrantTypes;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Registered-client fixtures as builders, so that each test changes one thing. Client ids are unique per call.
 */
public final class TestRegisteredClients {

	public static final String REDIRECT_URI = "https://client.example/callback";

	public static final String SECRET = "test-client-secret";

	private TestRegisteredClients() {
	}

	/** A confidential web app: code + refresh, secret basic, rotation of refresh tokens, no consent. */
	public static RegisteredClient.Builder webClient() {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("web-" + UUID.randomUUID())
			.clientSecret(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(SECRET))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUri(REDIRECT_URI)
			.postLogoutRedirectUri("https://client.example/signed-out")
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.scope("wechat")
			.scope("api.read")
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
			.tokenSettings(TokenSettings.builder().reuseRefreshTokens(false).build());
	}

	/** A mini-program's client: public, bound to the dev mini-program app, its grant and refreshes. */
	public static RegisteredClient.Builder miniProgramClient() {
		return weChatCodeClient("mini-", WeChatGrantTypes.MINI_PROGRAM, "mini-program");
	}

	/** A native app's client: public, bound to the dev mobile app, its grant and refreshes. */
	public static RegisteredClient.Builder mobileAppClient() {
		return weChatCodeClient("app-", WeChatGrantTypes.MOBILE_APP, "mobile-app");
	}

	private static RegisteredClient.Builder weChatCodeClient(String prefix, AuthorizationGrantType grantType,
			String weChatApp) {
		return WeChatCodeClients.publicClient(prefix + UUID.randomUUID(), grantType, weChatApp);
	}

	/** A public client (a single-page or native app): no secret, PKCE required. */
	public static RegisteredClient.Builder publicClient() {
		return webClient().clientId("spa-" + UUID.randomUUID())
			.clientSecret(null)
			.clientAuthenticationMethods((methods) -> {
				methods.clear();
				methods.add(ClientAuthenticationMethod.NONE);
			})
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build());
	}

}
