package dev.wxauth.server.token;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The client credentials request converter, with a default for an omitted {@code scope}: RFC 6749 §3.3 lets the
 * server apply a pre-defined default, and ours is every scope registered for the client (as Keycloak does), so
 * a service that asks for "a token" does not get one that no API accepts. Added ahead of the framework's converters, it
 * answers every client credentials request first.
 */
final class DefaultScopesClientCredentialsConverter implements AuthenticationConverter {

	private final AuthenticationConverter delegate = new OAuth2ClientCredentialsAuthenticationConverter();

	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication authentication = this.delegate.convert(request);
		if (authentication instanceof OAuth2ClientCredentialsAuthenticationToken token && token.getScopes().isEmpty()
				&& token.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getRegisteredClient() != null) {
			return new OAuth2ClientCredentialsAuthenticationToken(client, defaultScopes(client.getRegisteredClient()),
					token.getAdditionalParameters());
		}
		return authentication;
	}

	private static Set<String> defaultScopes(RegisteredClient client) {
		Set<String> scopes = new LinkedHashSet<>(client.getScopes());
		scopes.remove(OidcScopes.OPENID);
		return scopes;
	}

}
