package dev.wxauth.server.grant;

import java.util.Set;

import dev.wxauth.server.federation.LoginPolicy;
import dev.wxauth.server.wechat.miniprogram.MiniProgramLogins;
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
 * Authenticates a token request with {@link WeChatGrantTypes#MINI_PROGRAM}: client authenticated → grant allowed and
 * the client bound to a WeChat app of that kind → scopes → the code claimed once and traded with WeChat
 * ({@code sns/jscode2session}), the person federated and their session key kept ({@link MiniProgramLogins}) → tokens generated
 * and the authorization saved ({@link WeChatCodeGrantTokens}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.5">RFC 6749 §4.5 extension grants</a>
 */
public final class MiniProgramGrantAuthenticationProvider implements AuthenticationProvider {

	private final WeChatApps apps;

	private final MiniProgramLogins miniPrograms;

	private final WeChatCodeGrantTokens tokens;

	MiniProgramGrantAuthenticationProvider(WeChatApps apps, MiniProgramLogins miniPrograms, WeChatCodeGrantTokens tokens) {
		Assert.notNull(apps, "apps cannot be null");
		Assert.notNull(miniPrograms, "miniPrograms cannot be null");
		Assert.notNull(tokens, "tokens cannot be null");
		this.apps = apps;
		this.miniPrograms = miniPrograms;
		this.tokens = tokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		MiniProgramGrantAuthenticationToken grant = (MiniProgramGrantAuthenticationToken) authentication;
		OAuth2ClientAuthenticationToken clientPrincipal = WeChatCodeGrantValidation.authenticatedClient(grant);
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		WeChatApp app = WeChatCodeGrantValidation.boundApp(client, WeChatGrantTypes.MINI_PROGRAM, this.apps,
				AppKind.MINI_PROGRAM);
		Set<String> scopes = WeChatCodeGrantValidation.authorizedScopes(grant, client);
		// before the code is spent with WeChat: a refused proof leaves the app its code
		Jwt proof = DPoPProofs.verify(grant);
		Authentication person = this.miniPrograms.signIn(app, client.getClientId(), grant.getCode(),
				LoginPolicy.of(client.getClientSettings().getSetting(LoginPolicy.CLIENT_SETTING)),
				grant.getPhoneCode());
		return this.tokens.issue(grant, clientPrincipal, person, scopes, proof);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return MiniProgramGrantAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
