package dev.wxauth.server.logout;

import java.time.Clock;
import java.util.Optional;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.wxauth.server.authorization.GrantingSessions;
import dev.wxauth.server.oauth2.AuthorizationServerContribution;
import dev.wxauth.server.oauth2.ServerMetadataContribution;
import dev.wxauth.server.properties.WxauthProperties;
import dev.wxauth.server.user.PersonalData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * RP-Initiated Logout 1.0 at {@code /connect/logout}, the person's own logout page, and Back-Channel Logout 1.0 to
 * the clients of a session that ended.
 */
@Configuration(proxyBeanMethods = false)
class LogoutConfiguration {

	@Bean
	PostLogoutRedirects postLogoutRedirects(RegisteredClientRepository clients) {
		return new PostLogoutRedirects(clients);
	}

	@Bean
	SessionLogout sessionLogout(GrantingSessions sessions, PostLogoutRedirects redirects,
			BackChannelLogouts backChannel, TransactionOperations transactions) {
		return new SessionLogout(sessions, redirects, backChannel, transactions);
	}

	/** A person's browser session ended by anything but a logout (signed out everywhere, deleted): as a logout. */
	@Bean
	PersonalData.SessionEnding personsSessionEnding(SessionLogout logout) {
		return (principalName, sessionId) -> logout.sessionEnded(principalName, GrantingSessions.sid(sessionId));
	}

	@Bean
	BackChannelLogouts backChannelLogouts(GrantingSessions sessions, RegisteredClientRepository clients,
			JdbcOperations jdbc, JwtEncoder jwtEncoder, AuthorizationServerSettings settings,
			WxauthProperties properties) {
		return new BackChannelLogouts(sessions, clients, new LogoutNotices(jdbc),
				new LogoutTokens(jwtEncoder, settings.getIssuer(), Clock.systemUTC()), properties.backChannelLogout());
	}

	/** Back-Channel Logout §2.1: supported, and every logout token carries {@code sid}. */
	@Bean
	ServerMetadataContribution backChannelLogoutDiscovery() {
		return (metadata) -> {
			metadata.put("backchannel_logout_supported", true);
			metadata.put("backchannel_logout_session_supported", true);
		};
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
