package dev.wxauth.server.grant;

import java.util.List;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.authentication.PublicClientAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Installs the WeChat code grants into the authorization server: their converters and providers at the token
 * endpoint, client_id-only authentication for the public clients bound to a WeChat app, honest error statuses,
 * and the grant types in both discovery documents. The token endpoint filter itself knows nothing of them.
 */
public final class WeChatCodeGrants {

	private final List<WeChatCodeGrantAuthenticationProvider> providers;

	private final RegisteredClientRepository clients;

	public WeChatCodeGrants(List<WeChatCodeGrantAuthenticationProvider> providers, RegisteredClientRepository clients) {
		Assert.notNull(providers, "providers cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		this.providers = List.copyOf(providers);
		this.clients = clients;
	}

	public void configure(OAuth2AuthorizationServerConfigurer authorizationServer) {
		authorizationServer
			.clientAuthentication((clientAuthentication) -> clientAuthentication
				.authenticationConverters((converters) -> converters.add(new WeChatPublicClientAuthenticationConverter()))
				.authenticationProviders((providers) -> providers.replaceAll((provider) -> (provider instanceof PublicClientAuthenticationProvider)
						? new WeChatPublicClientAuthenticationProvider(this.clients, provider) : provider))
				.errorResponseHandler(new TokenErrorResponseHandler()))
			.tokenEndpoint((token) -> {
				WeChatGrantTypes.ALL.forEach((grantType) -> token
					.accessTokenRequestConverter(new WeChatCodeGrantAuthenticationConverter(grantType)));
				this.providers.forEach(token::authenticationProvider);
				token.errorResponseHandler(new TokenErrorResponseHandler());
			})
			.authorizationServerMetadataEndpoint((metadata) -> metadata.authorizationServerMetadataCustomizer(
					(builder) -> WeChatGrantTypes.ALL.forEach((grantType) -> builder.grantType(grantType.getValue()))))
			.oidc((oidc) -> oidc.providerConfigurationEndpoint((configuration) -> configuration.providerConfigurationCustomizer(
					(builder) -> WeChatGrantTypes.ALL.forEach((grantType) -> builder.grantType(grantType.getValue())))));
	}

}
