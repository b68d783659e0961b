package dev.wxauth.server.admin.registration;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * Reads a request at the registration endpoint: its bearer token (the {@code Authorization} header only, RFC 6750
 * §2.1), the {@code client_id} of the registration a client asks about (RFC 7592's {@code registration_client_uri} is
 * the endpoint with it), and the body, at most {@value #MAX_BODY} bytes. No I/O beyond the request: the token is
 * checked by {@link ClientRegistrationAuthenticationProvider}.
 */
final class ClientRegistrationRequestConverter implements AuthenticationConverter {

	/** Twenty redirect URIs and twenty post-logout ones of the longest length allowed, and room to spare. */
	static final int MAX_BODY = 256 * 1024;

	private final DefaultBearerTokenResolver bearerTokens = new DefaultBearerTokenResolver();

	@Override
	public ClientRegistrationRequest convert(HttpServletRequest request) {
		if (Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION)).size() > 1) {
			// RFC 6750 §3.1: more than one way of authenticating is invalid_request, not a choice of one
			throw invalidRequest("The request carries more than one Authorization header");
		}
		// a malformed token: invalid_token (RFC 6750 §3.1)
		String token = this.bearerTokens.resolve(request);
		return switch (request.getMethod()) {
			case "POST" -> new ClientRegistrationRequest(ClientRegistrationRequest.Operation.REGISTER, token, null,
					body(request), request.getContentType());
			case "GET", "HEAD" ->
				new ClientRegistrationRequest(ClientRegistrationRequest.Operation.READ, token, clientId(request), null, null);
			case "PUT" -> new ClientRegistrationRequest(ClientRegistrationRequest.Operation.REPLACE, token,
					clientId(request), body(request), request.getContentType());
			case "DELETE" -> new ClientRegistrationRequest(ClientRegistrationRequest.Operation.DELETE, token,
					clientId(request), null, null);
			default -> throw invalidRequest("This endpoint takes POST, GET, PUT and DELETE");
		};
	}

	private static String clientId(HttpServletRequest request) {
		String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
		if (clientIds == null || clientIds.length != 1 || !StringUtils.hasText(clientIds[0])) {
			throw invalidRequest("The registration is named by one client_id, as in its registration_client_uri");
		}
		return clientIds[0];
	}

	private static byte[] body(HttpServletRequest request) {
		if (request.getContentLengthLong() > MAX_BODY) {
			throw tooLarge();
		}
		try {
			byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
			if (body.length > MAX_BODY) {
				throw tooLarge();
			}
			return body;
		}
		catch (IOException ex) {
			throw invalidRequest("The body could not be read");
		}
	}

	private static OAuth2AuthenticationException tooLarge() {
		return invalidRequest("The body is larger than " + MAX_BODY + " bytes");
	}

	static OAuth2AuthenticationException invalidRequest(@Nullable String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, null));
	}

}
