package dev.wxauth.server.grant;

import dev.wxauth.server.oauth2.AuthorizationServerContribution;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.miniprogram.MiniProgramLogins;
import dev.wxauth.server.wechat.mobileapp.MobileAppLogins;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The WeChat code grants, as the authorization server's configurer takes them: each grant's converter and provider
 * at the token endpoint, client_id-only authentication for the public clients bound to a WeChat app, honest error
 * statuses, and the grant types in both discovery documents. The token endpoint filter knows nothing of them.
 */
@Configuration(proxyBeanMethods = false)
class WeChatGrantsConfiguration {

	@Bean
	AuthorizationServerContribution weChatCodeGrants(WeChatApps apps, MiniProgramLogins miniPrograms,
			MobileAppLogins mobileApps, OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator,
			OAuth2AuthorizationService authorizations, RegisteredClientRepository clients) {
		WeChatCodeGrantTokens tokens = new WeChatCodeGrantTokens(tokenGenerator, authorizations);
		TokenErrorResponseHandler errors = new TokenErrorResponseHandler();
		// @formatter:off
		return (authorizationServer) -> authorizationServer
			.clientAuthentication((clientAuthentication) -> clientAuthentication
				.authenticationConverter(new WeChatPublicClientAuthenticationConverter())
				// after the framework's public-client provider, so that our answer stands (see the provider)
				.authenticationProviders((providers) ->
						providers.add(new WeChatPublicClientAuthenticationProvider(clients)))
				.errorResponseHandler(errors))
			.tokenEndpoint((token) -> token
				.accessTokenRequestConverter(new MiniProgramGrantAuthenticationConverter())
				.authenticationProvider(new MiniProgramGrantAuthenticationProvider(apps, miniPrograms, tokens))
				.accessTokenRequestConverter(new MobileAppGrantAuthenticationConverter())
				.authenticationProvider(new MobileAppGrantAuthenticationProvider(apps, mobileApps, tokens))
				.errorResponseHandler(errors))
			.authorizationServerMetadataEndpoint((metadata) -> metadata.authorizationServerMetadataCustomizer(
					(builder) -> WeChatGrantTypes.ALL.forEach((grantType) -> builder.grantType(grantType.getValue()))))
			.oidc((oidc) -> oidc.providerConfigurationEndpoint((configuration) -> configuration.providerConfigurationCustomizer(
					(builder) -> WeChatGrantTypes.ALL.stream().map(AuthorizationGrantType::getValue).forEach(builder::grantType))));
		// @formatter:on
	}

}
