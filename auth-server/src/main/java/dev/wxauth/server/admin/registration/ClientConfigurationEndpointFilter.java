package dev.wxauth.server.admin.registration;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.oidc.web.OidcClientRegistrationEndpointFilter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * RFC 7592's replacement ({@code PUT}) and deletion ({@code DELETE}) of a registration at its
 * {@code registration_client_uri}, beside the framework's {@link OidcClientRegistrationEndpointFilter}, which takes
 * registrations ({@code POST}) and reads ({@code GET} with a {@code client_id}) only: the same converter, provider and
 * answers, so the endpoint is one whatever the method. A {@code GET} the framework's filter passes on lacks its
 * {@code client_id}, and is refused here.
 */
final class ClientConfigurationEndpointFilter extends OncePerRequestFilter {

	private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "DELETE");

	private final String path;

	private final AuthenticationConverter converter;

	private final AuthenticationManager authenticationManager;

	private final AuthenticationSuccessHandler answers;

	private final AuthenticationFailureHandler refusals;

	ClientConfigurationEndpointFilter(String path, AuthenticationConverter converter,
			AuthenticationManager authenticationManager, AuthenticationSuccessHandler answers,
			AuthenticationFailureHandler refusals) {
		this.path = path;
		this.converter = converter;
		this.authenticationManager = authenticationManager;
		this.answers = answers;
		this.refusals = refusals;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !METHODS.contains(request.getMethod())
				|| !this.path.equals(request.getRequestURI().substring(request.getContextPath().length()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			Authentication answer = this.authenticationManager.authenticate(this.converter.convert(request));
			this.answers.onAuthenticationSuccess(request, response, answer);
		}
		catch (OAuth2AuthenticationException ex) {
			this.refusals.onAuthenticationFailure(request, response, ex);
		}
		catch (RuntimeException ex) {
			// as the framework's filter does, never an exception out of an OAuth endpoint; but without its message
			this.logger.error("A client configuration request failed", ex);
			this.refusals.onAuthenticationFailure(request, response, new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR, "The request could not be completed", null)));
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
