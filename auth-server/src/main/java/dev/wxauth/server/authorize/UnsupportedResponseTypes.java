package dev.wxauth.server.authorize;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponseType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * An authorization request for a response type we do not issue ({@code token}, {@code id_token}, ...) is answered
 * {@code unsupported_response_type} at the client's redirect URI, as RFC 6749 §4.1.2.1 asks, when the client and
 * the redirect URI are valid; the framework's converter refuses it before it knows the client, so the person saw an
 * error page and the client heard nothing. Any other request is left to the framework ({@code null}).
 */
final class UnsupportedResponseTypes implements AuthenticationConverter {

	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("anonymous", "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private final RegisteredClientRepository clients;

	UnsupportedResponseTypes(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		String responseType = single(request, OAuth2ParameterNames.RESPONSE_TYPE);
		String clientId = single(request, OAuth2ParameterNames.CLIENT_ID);
		if (!StringUtils.hasText(responseType) || !StringUtils.hasText(clientId)
				|| OAuth2AuthorizationResponseType.CODE.getValue().equals(responseType)
				|| request.getParameterValues(OAuth2ParameterNames.REDIRECT_URI) != null
						&& request.getParameterValues(OAuth2ParameterNames.REDIRECT_URI).length != 1) {
			return null;
		}
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null) {
			return null;
		}
		OAuth2AuthorizationCodeRequestAuthenticationToken refused = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getRequestURL().toString(), clientId, currentPerson(),
				request.getParameter(OAuth2ParameterNames.REDIRECT_URI), single(request, OAuth2ParameterNames.STATE),
				scopes(request), Map.of());
		// an unregistered redirect URI: refused there, without a redirect
		OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR
			.accept(OAuth2AuthorizationCodeRequestAuthenticationContext.with(refused).registeredClient(client).build());
		AuthorizationRequestRules.refuse(refused, client, OAuth2ErrorCodes.UNSUPPORTED_RESPONSE_TYPE,
				OAuth2ParameterNames.RESPONSE_TYPE);
		return null;
	}

	private static @Nullable String single(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		return (values != null && values.length == 1) ? values[0] : null;
	}

	private static Set<String> scopes(HttpServletRequest request) {
		String scope = single(request, OAuth2ParameterNames.SCOPE);
		return StringUtils.hasText(scope) ? new LinkedHashSet<>(Arrays.asList(scope.split(" "))) : Set.of();
	}

	private static Authentication currentPerson() {
		Authentication current = SecurityContextHolder.getContext().getAuthentication();
		return (current != null) ? current : ANONYMOUS;
	}

}
