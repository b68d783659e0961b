package dev.wxauth.server.grant;

import java.util.Set;

import dev.wxauth.server.federation.LoginPolicy;
import dev.wxauth.server.wechat.mobileapp.MobileAppLogins;
import dev.wxauth.server.wechat.AppKind;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

/**
 * Authenticates a token request with {@link WeChatGrantTypes#MOBILE_APP}: client authenticated → grant allowed and the
 * client bound to a WeChat app of that kind → scopes → the code claimed once and traded with WeChat
 * ({@code sns/oauth2/access_token}, then the profile when ours is old), the person federated
 * ({@link MobileAppLogins}) → tokens generated and the authorization saved ({@link WeChatCodeGrantTokens}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.5">RFC 6749 §4.5 extension grants</a>
 */
public final class MobileAppGrantAuthenticationProvider implements AuthenticationProvider {

	private final WeChatApps apps;

	private final MobileAppLogins mobileApps;

	private final WeChatCodeGrantTokens tokens;

	MobileAppGrantAuthenticationProvider(WeChatApps apps, MobileAppLogins mobileApps, WeChatCodeGrantTokens tokens) {
		Assert.notNull(apps, "apps cannot be null");
		Assert.notNull(mobileApps, "mobileApps cannot be null");
		Assert.notNull(tokens, "tokens cannot be null");
		this.apps = apps;
		this.mobileApps = mobileApps;
		this.tokens = tokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		MobileAppGrantAuthenticationToken grant = (MobileAppGrantAuthenticationToken) authentication;
		OAuth2ClientAuthenticationToken clientPrincipal = WeChatCodeGrantValidation.authenticatedClient(grant);
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		WeChatApp app = WeChatCodeGrantValidation.boundApp(client, WeChatGrantTypes.MOBILE_APP, this.apps,
				AppKind.MOBILE_APP);
		Set<String> scopes = WeChatCodeGrantValidation.authorizedScopes(grant, client);
		// before the code is spent with WeChat: a refused proof leaves the app its code
		Jwt proof = DPoPProofs.verify(grant);
		Authentication person = this.mobileApps.signIn(app, client.getClientId(), grant.getCode(),
				LoginPolicy.of(client.getClientSettings().getSetting(LoginPolicy.CLIENT_SETTING)));
		return this.tokens.issue(grant, clientPrincipal, person, scopes, proof);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return MobileAppGrantAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
