package dev.wxauth.server.config;

import java.io.IOException;

import dev.wxauth.server.oauth2.OAuth2ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a client that presented no credentials at the token, introspection or revocation endpoint the way RFC
 * 6749 §5.2 says: 401 {@code invalid_client} with a {@code WWW-Authenticate} challenge, instead of a redirect to a
 * login page a client cannot use.
 */
final class ClientAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private static final OAuth2Error INVALID_CLIENT = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
			"Client authentication is required", null);

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"wxauth\"");
		OAuth2ErrorResponses.write(INVALID_CLIENT, response);
	}

}
