package dev.wxauth.server.authorization;

import java.time.Duration;

import dev.wxauth.server.oauth2.AuthorizationServerContribution;
import dev.wxauth.server.properties.WxauthProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Authorizations and consents in PostgreSQL, the issuer, codes and refresh tokens that buy tokens once, and who may
 * introspect which token.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationConfiguration {

	@Bean
	AuthorizationServerSettings authorizationServerSettings(WxauthProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer().toString()).build();
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc,
			RegisteredClientRepository registeredClientRepository, PlatformTransactionManager transactionManager) {
		return new PostgresAuthorizationService(jdbc, registeredClientRepository, transactionManager);
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc,
			RegisteredClientRepository registeredClientRepository, TransactionOperations transactions) {
		return new ConsentRequiringClientsConsentService(new TransactionalAuthorizationConsentService(
				new JdbcOAuth2AuthorizationConsentService(jdbc, registeredClientRepository), jdbc, transactions),
				registeredClientRepository);
	}

	@Bean
	LiveAccessTokens liveAccessTokens(JwtDecoder jwtDecoder, OAuth2AuthorizationService authorizations) {
		return new LiveAccessTokens(jwtDecoder, authorizations);
	}

	@Bean
	GrantingSessions grantingSessions(JdbcOperations jdbc, OAuth2AuthorizationService authorizations) {
		return new GrantingSessions(jdbc, authorizations);
	}

	/** Each authorization request of a browser records the browser's session ({@link GrantingSessions}). */
	@Bean
	AuthorizationServerContribution grantingSessionRecording(GrantingSessions grantingSessions) {
		return (authorizationServer) -> authorizationServer.authorizationEndpoint((authorization) -> authorization
			.authorizationRequestConverters((converters) -> converters.replaceAll(grantingSessions::recording)));
	}

	/**
	 * The framework's code and refresh-token grants, each behind its single-use check: the check must run before the
	 * framework reads the credential, and undo its claim when the framework refuses, so it wraps the framework's
	 * provider (the configurer offers no hook in between).
	 */
	@Bean
	CredentialMetrics credentialMetrics(MeterRegistry registry) {
		return new CredentialMetrics(registry);
	}

	@Bean
	AuthorizationServerContribution singleUseCredentials(OAuth2AuthorizationService authorizations,
			JdbcOperations jdbc, CredentialMetrics metrics, WxauthProperties properties) {
		Duration grace = properties.authorizations().refreshTokenReuseGrace();
		return (authorizationServer) -> authorizationServer.tokenEndpoint((token) -> token.authenticationProviders(
				(providers) -> providers
					.replaceAll((provider) -> singleUse(provider, authorizations, jdbc, metrics, grace))));
	}

	/** The framework's introspection, answering only for the tokens the calling client is entitled to. */
	@Bean
	AuthorizationServerContribution entitledTokenIntrospection(OAuth2AuthorizationService authorizations,
			CredentialMetrics metrics) {
		return (authorizationServer) -> authorizationServer.tokenIntrospectionEndpoint(
				(introspection) -> introspection.authenticationProviders((providers) -> providers.replaceAll(
						(provider) -> (provider instanceof OAuth2TokenIntrospectionAuthenticationProvider framework)
								? new EntitledTokenIntrospection(framework, authorizations, metrics) : provider)));
	}

	private static AuthenticationProvider singleUse(AuthenticationProvider provider,
			OAuth2AuthorizationService authorizations, JdbcOperations jdbc, CredentialMetrics metrics, Duration grace) {
		return switch (provider) {
			case OAuth2AuthorizationCodeAuthenticationProvider codes ->
				new SingleUseAuthorizationCodes(codes, authorizations, jdbc, metrics);
			case OAuth2RefreshTokenAuthenticationProvider refreshTokens ->
				new SingleUseRefreshTokens(refreshTokens, authorizations, jdbc, metrics, grace);
			default -> provider;
		};
	}

}
