package dev.wxauth.server.logout;

import java.util.Optional;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.wxauth.server.authorization.GrantingSessions;
import dev.wxauth.server.oauth2.AuthorizationServerContribution;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * RP-Initiated Logout 1.0 at {@code /connect/logout}, and the person's own logout page.
 */
@Configuration(proxyBeanMethods = false)
class LogoutConfiguration {

	@Bean
	PostLogoutRedirects postLogoutRedirects(RegisteredClientRepository clients) {
		return new PostLogoutRedirects(clients);
	}

	@Bean
	SessionLogout sessionLogout(GrantingSessions sessions, PostLogoutRedirects redirects) {
		return new SessionLogout(sessions, redirects);
	}

	/**
	 * The framework's endpoint, which accepts superseded ID tokens, ends the session as {@link SessionLogout} does,
	 * and sends any request it cannot honour as it stands (no ID token, one of another session, one it cannot read) to
	 * the person's confirmation: the spec's "treat as suspect, ask the End-User" rather than an error page.
	 */
	@Bean
	AuthorizationServerContribution rpInitiatedLogout(SessionLogout logout, JWKSource<SecurityContext> jwkSource,
			AuthorizationServerSettings settings, OAuth2AuthorizationService authorizations, GrantingSessions sessions) {
		IdTokenHints hints = new IdTokenHints(jwkSource, settings.getIssuer());
		return (authorizationServer) -> authorizationServer.oidc((oidc) -> oidc.logoutEndpoint((endpoint) -> endpoint
			.authenticationProviders((providers) -> providers.replaceAll((provider) -> (provider instanceof OidcLogoutAuthenticationProvider)
					? new SupersededIdTokenHints(provider, hints, authorizations, sessions) : provider))
			.logoutResponseHandler(logout.endpointLogout())
			.errorResponseHandler(toConfirmation(hints))));
	}

	private static AuthenticationFailureHandler toConfirmation(IdTokenHints hints) {
		return (request, response, exception) -> {
			String clientId = request.getParameter("client_id");
			Jwt hint = hints.read(request.getParameter("id_token_hint"));
			if (clientId == null && hint != null && hint.getAudience() != null && !hint.getAudience().isEmpty()) {
				clientId = hint.getAudience().getFirst();
			}
			response.sendRedirect(UriComponentsBuilder.fromPath(SessionLogout.PAGE)
				.queryParamIfPresent("client_id", Optional.ofNullable(clientId))
				.queryParamIfPresent("post_logout_redirect_uri",
						Optional.ofNullable(request.getParameter("post_logout_redirect_uri")))
				.queryParamIfPresent("state", Optional.ofNullable(request.getParameter("state")))
				.encode()
				.build()
				.toUriString());
		};
	}

}
