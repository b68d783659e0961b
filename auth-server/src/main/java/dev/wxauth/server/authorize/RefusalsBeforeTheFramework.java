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
 * Authorization requests the framework's converter refuses before it knows the client, or lets through, that a
 * client must be told about at its redirect URI (once the client and the redirect URI are known to be valid):
 * <ul>
 * <li>a response type we do not issue ({@code token}, {@code id_token}, ...): {@code unsupported_response_type},
 * as RFC 6749 §4.1.2.1 asks; the framework refused it with an error page, and the client heard nothing;</li>
 * <li>a request not pushed by a client registered to push its requests
 * ({@link PushedAuthorizationRequests#REQUIRED}, RFC 9126 §6): {@code invalid_request}.</li>
 * </ul>
 * Any other request is left to the framework ({@code null}).
 */
final class RefusalsBeforeTheFramework implements AuthenticationConverter {

	private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("anonymous", "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private final RegisteredClientRepository clients;

	RefusalsBeforeTheFramework(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		String responseType = single(request, OAuth2ParameterNames.RESPONSE_TYPE);
		String clientId = single(request, OAuth2ParameterNames.CLIENT_ID);
		if (!StringUtils.hasText(clientId) || request.getParameterValues(OAuth2ParameterNames.REDIRECT_URI) != null
				&& request.getParameterValues(OAuth2ParameterNames.REDIRECT_URI).length != 1) {
			return null;
		}
		boolean pushed = request.getParameter(OAuth2ParameterNames.REQUEST_URI) != null;
		boolean unsupported = !pushed && StringUtils.hasText(responseType)
				&& !OAuth2AuthorizationResponseType.CODE.getValue().equals(responseType);
		RegisteredClient client = (unsupported || !pushed) ? this.clients.findByClientId(clientId) : null;
		if (client == null) {
			return null;
		}
		boolean pushRequired = !pushed && StringUtils.hasText(responseType)
				&& Boolean.TRUE.equals(client.getClientSettings().getSetting(PushedAuthorizationRequests.REQUIRED));
		if (!unsupported && !pushRequired) {
			return null;
		}
		OAuth2AuthorizationCodeRequestAuthenticationToken refused = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getRequestURL().toString(), clientId, currentPerson(),
				request.getParameter(OAuth2ParameterNames.REDIRECT_URI), single(request, OAuth2ParameterNames.STATE),
				scopes(request), Map.of());
		// an unregistered redirect URI: refused there, without a redirect
		OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR
			.accept(OAuth2AuthorizationCodeRequestAuthenticationContext.with(refused).registeredClient(client).build());
		if (unsupported) {
			AuthorizationRequestRules.refuse(refused, client, OAuth2ErrorCodes.UNSUPPORTED_RESPONSE_TYPE,
					OAuth2ParameterNames.RESPONSE_TYPE);
		}
		AuthorizationRequestRules.refuse(refused, client, OAuth2ErrorCodes.INVALID_REQUEST,
				OAuth2ParameterNames.REQUEST_URI);
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
