package dev.wxauth.server.admin.registration;

import java.time.Clock;

import dev.wxauth.server.admin.clients.ClientRegistrations;
import dev.wxauth.server.audit.AuditLog;
import dev.wxauth.server.oauth2.ServerMetadataContribution;
import dev.wxauth.server.properties.WxauthProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Dynamic client registration: the endpoint (at the framework's OIDC registration endpoint, {@code /connect/register}
 * by default), the initial access tokens the admin API issues, and {@code registration_endpoint} in both metadata
 * documents.
 */
@Configuration(proxyBeanMethods = false)
class DynamicRegistrationConfiguration {

	@Bean
	InitialAccessTokens initialAccessTokens(JdbcOperations jdbc, TransactionOperations transactions, AuditLog audit,
			JsonMapper json, WxauthProperties properties) {
		return new InitialAccessTokens(jdbc, transactions, audit, json, properties.loginEvents().retention(),
				Clock.systemUTC());
	}

	@Bean
	ClientRegistrationEndpoint clientRegistrationEndpoint(ClientRegistrations registrations,
			InitialAccessTokens initialAccessTokens, JdbcOperations jdbc, TransactionOperations transactions,
			PasswordEncoder passwordEncoder, JsonMapper json, AuthorizationServerSettings settings) {
		DynamicClientRegistrations dynamic = new DynamicClientRegistrations(registrations, initialAccessTokens,
				new RegistrationAccessTokens(jdbc, Clock.systemUTC()), transactions, passwordEncoder,
				endpoint(settings));
		return new ClientRegistrationEndpoint(settings.getOidcClientRegistrationEndpoint(),
				new ClientRegistrationAuthenticationProvider(dynamic, json), json);
	}

	/** RFC 7591 §3 and OIDC Discovery §3: where to register. */
	@Bean
	ServerMetadataContribution registrationEndpointMetadata(AuthorizationServerSettings settings) {
		return (metadata) -> metadata.put("registration_endpoint", endpoint(settings));
	}

	private static String endpoint(AuthorizationServerSettings settings) {
		return settings.getIssuer() + settings.getOidcClientRegistrationEndpoint();
	}

}
