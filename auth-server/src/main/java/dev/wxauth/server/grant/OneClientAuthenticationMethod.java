package dev.wxauth.server.grant;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refuses a request that authenticates its client in more than one way ({@code invalid_request}), as RFC 6749 §2.3
 * says it must not: a secret in the {@code Authorization} header and one in the body, or a secret and a client
 * assertion. The framework's converters take the first way they recognise and ignore the other, so a request that
 * should have been refused was judged by half its credentials. Converts nothing itself.
 */
final class OneClientAuthenticationMethod implements AuthenticationConverter {

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		int ways = 0;
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && !authorization.isBlank()) {
			ways++;
		}
		if (request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null) {
			ways++;
		}
		if (request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
			ways++;
		}
		if (ways > 1) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"More than one client authentication method (RFC 6749 §2.3)", null));
		}
		return null;
	}

}
