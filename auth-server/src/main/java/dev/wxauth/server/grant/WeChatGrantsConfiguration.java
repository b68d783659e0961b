package dev.wxauth.server.grant;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.wxauth.server.authorization.SingleUseAuthorizationCodes;
import dev.wxauth.server.oauth2.AuthorizationServerContribution;
import dev.wxauth.server.oauth2.ServerMetadataContribution;
import dev.wxauth.server.properties.WxauthProperties;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.miniprogram.MiniProgramLogins;
import dev.wxauth.server.wechat.mobileapp.MobileAppLogins;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The WeChat code grants, as the authorization server's configurer takes them: each grant's converter and provider
 * at the token endpoint, client_id-only authentication for the public clients bound to a WeChat app, the token
 * endpoint's rate limits, honest error statuses, and the grant types in both discovery documents. The token endpoint filter knows nothing of them.
 */
@Configuration(proxyBeanMethods = false)
class WeChatGrantsConfiguration {

	/**
	 * First of the contributions: its token-endpoint converters (the rate limits, DPoP required) must see every
	 * request before any other feature's converter claims it.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	AuthorizationServerContribution weChatCodeGrants(WeChatApps apps, MiniProgramLogins miniPrograms,
			MobileAppLogins mobileApps, OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator,
			OAuth2AuthorizationService authorizations, RegisteredClientRepository clients,
			AuthorizationServerSettings settings, JdbcOperations jdbc, WxauthProperties properties) {
		WeChatCodeGrantTokens tokens = new WeChatCodeGrantTokens(tokenGenerator, authorizations);
		TokenErrorResponseHandler errors = new TokenErrorResponseHandler();
		// @formatter:off
		return (authorizationServer) -> authorizationServer
			.clientAuthentication((clientAuthentication) -> clientAuthentication
				.authenticationConverter(new OneClientAuthenticationMethod())
				.authenticationConverter(new WeChatPublicClientAuthenticationConverter(settings.getTokenRevocationEndpoint()))
				.authenticationProviders((providers) -> {
					// a refused PKCE verifier spends the code, as any other refused presentation of it does
					providers.replaceAll((provider) -> SingleUseAuthorizationCodes.spentOnRefusal(provider, jdbc));
					// after the framework's public-client provider, so that our answer stands (see the provider)
					providers.add(new WeChatPublicClientAuthenticationProvider(clients));
				})
				.errorResponseHandler(errors))
			.tokenEndpoint((token) -> token
				// limits first: a refused request costs nothing more
				.accessTokenRequestConverter(new TokenRequestRateLimits(properties.rateLimits()))
				.accessTokenRequestConverter(new RequiredDPoPProofs())
				.accessTokenRequestConverter(new MiniProgramGrantAuthenticationConverter())
				.authenticationProvider(new MiniProgramGrantAuthenticationProvider(apps, miniPrograms, tokens))
				.accessTokenRequestConverter(new MobileAppGrantAuthenticationConverter())
				.authenticationProvider(new MobileAppGrantAuthenticationProvider(apps, mobileApps, tokens))
				.errorResponseHandler(errors));
		// @formatter:on
	}

	@Bean
	ServerMetadataContribution weChatGrantTypes() {
		return (metadata) -> WeChatGrantTypes.ALL.forEach((grantType) -> ServerMetadataContribution.addToList(metadata,
				"grant_types_supported", grantType.getValue()));
	}

	/**
	 * The framework advertises every grant and client authentication it has code for. A client of ours can use the
	 * grants and methods below and no other (no token exchange, no mutual TLS, no JWT client assertions: nothing
	 * registers a client for them), so the documents say only those.
	 */
	@Bean
	ServerMetadataContribution usableGrantsAndClientAuthentication() {
		List<String> secrets = List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
				ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue());
		List<String> secretsOrPublic = Stream.concat(secrets.stream(),
				Stream.of(ClientAuthenticationMethod.NONE.getValue())).toList();
		Set<String> grantTypes = Stream.concat(Stream.of(AuthorizationGrantType.AUTHORIZATION_CODE,
				AuthorizationGrantType.CLIENT_CREDENTIALS, AuthorizationGrantType.REFRESH_TOKEN),
				WeChatGrantTypes.ALL.stream()).map(AuthorizationGrantType::getValue).collect(Collectors.toSet());
		return (metadata) -> {
			if (metadata.get("grant_types_supported") instanceof List<?> advertised) {
				metadata.put("grant_types_supported", advertised.stream().filter(grantTypes::contains).toList());
			}
			metadata.put("token_endpoint_auth_methods_supported", secretsOrPublic);
			metadata.put("revocation_endpoint_auth_methods_supported", secretsOrPublic);
			metadata.put("introspection_endpoint_auth_methods_supported", secrets);
			metadata.remove("tls_client_certificate_bound_access_tokens");
		};
	}

}
