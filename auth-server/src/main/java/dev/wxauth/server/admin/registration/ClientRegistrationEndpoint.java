package dev.wxauth.server.admin.registration;

import java.io.IOException;

import dev.wxauth.server.oauth2.OAuth2ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.oidc.web.OidcClientRegistrationEndpointFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The registration endpoint (RFC 7591 §3, and RFC 7592 §2 at each client's {@code registration_client_uri}, the
 * endpoint with its {@code client_id}): the framework's {@link OidcClientRegistrationEndpointFilter} for registrations
 * and reads, {@link ClientConfigurationEndpointFilter} for replacements and deletions, both with our converter,
 * provider and answers.
 * <p>
 * A filter chain of its own: its bearer tokens are ours alone (an initial access token, a registration access token),
 * opaque and good for nothing else, not JWT access tokens that the protocol endpoints' resource server would try to
 * decode; and like the token endpoint it authenticates every request itself, so the chain lets each through to it.
 * No session, no CSRF (no cookies).
 */
public final class ClientRegistrationEndpoint {

	private final String path;

	private final ClientRegistrationRequestConverter converter = new ClientRegistrationRequestConverter();

	private final AuthenticationManager authenticationManager;

	private final JsonMapper json;

	ClientRegistrationEndpoint(String path, ClientRegistrationAuthenticationProvider provider, JsonMapper json) {
		this.path = path;
		this.authenticationManager = new ProviderManager(provider);
		this.json = json;
	}

	public void configure(HttpSecurity http) throws Exception {
		OidcClientRegistrationEndpointFilter registrations = new OidcClientRegistrationEndpointFilter(
				this.authenticationManager, this.path);
		registrations.setAuthenticationConverter(this.converter);
		registrations.setAuthenticationSuccessHandler(this::answer);
		registrations.setAuthenticationFailureHandler(this::refuse);
		// @formatter:off
		http
			.securityMatcher(this.path)
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.addFilterAfter(registrations, AuthorizationFilter.class)
			.addFilterAfter(new ClientConfigurationEndpointFilter(this.path, this.converter, this.authenticationManager,
					this::answer, this::refuse), OidcClientRegistrationEndpointFilter.class);
		// @formatter:on
	}

	/** The registration, never cached (RFC 7591 §3.2.1: it may carry a secret); a deletion's 204 has none. */
	private void answer(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		ClientRegistrationAnswer answer = (ClientRegistrationAnswer) authentication;
		response.setStatus(answer.status().value());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		if (answer.registration() != null) {
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			this.json.writeValue(response.getOutputStream(), answer.registration());
		}
	}

	/**
	 * OAuth error JSON; a refused token also in {@code WWW-Authenticate} (RFC 6750 §3), which names no error when the
	 * request carried no token at all (§3.1).
	 */
	private void refuse(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR);
		if (!OAuth2ErrorCodes.INVALID_TOKEN.equals(error.getErrorCode())) {
			OAuth2ErrorResponses.write(error, response);
		}
		else if (request.getHeader(HttpHeaders.AUTHORIZATION) == null
				|| !request.getHeader(HttpHeaders.AUTHORIZATION).regionMatches(true, 0, "Bearer ", 0, 7)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			OAuth2ErrorResponses.write(error, response);
		}
		else {
			OAuth2ErrorResponses.writeBearerRefusal(error, response);
		}
	}

}
