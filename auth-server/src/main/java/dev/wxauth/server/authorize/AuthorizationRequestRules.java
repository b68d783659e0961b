package dev.wxauth.server.authorize;

import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;

/**
 * What the framework lets through at the authorization endpoint and a client must be told about, at its redirect
 * URI (checked before these rules run):
 * <ul>
 * <li>a {@code code_challenge} that no S256 verifier can match: 43 to 128 characters of {@code [A-Za-z0-9-._~]}
 * (RFC 7636 §4.2); the framework checks only that there is one;</li>
 * <li>a request object ({@code request}, OpenID Connect Core §6): {@code request_not_supported}, instead of being
 * ignored while its parameters might say something else than the query's.</li>
 * </ul>
 */
final class AuthorizationRequestRules {

	private static final String SERVER_PARAMETER_PREFIX = "wxauth_";

	private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

	private AuthorizationRequestRules() {
	}

	static void check(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Map<String, Object> parameters = request.getAdditionalParameters();
		if (parameters.containsKey("request")) {
			refuse(request, context.getRegisteredClient(), "request_not_supported", "request");
		}
		if (parameters.get(PkceParameterNames.CODE_CHALLENGE) instanceof String challenge
				&& !CODE_CHALLENGE.matcher(challenge).matches()) {
			refuse(request, context.getRegisteredClient(), OAuth2ErrorCodes.INVALID_REQUEST,
					PkceParameterNames.CODE_CHALLENGE);
		}
	}

	/**
	 * The same rules for a pushed request (RFC 9126), which also may not carry parameters of ours ({@code wxauth_*}):
	 * the server sets those on the request it stores.
	 */
	static void checkPushed(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		check(context);
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		if (request.getAdditionalParameters().keySet().stream().anyMatch((name) -> name.startsWith(SERVER_PARAMETER_PREFIX))) {
			refuse(request, context.getRegisteredClient(), OAuth2ErrorCodes.INVALID_REQUEST, SERVER_PARAMETER_PREFIX + "*");
		}
	}

	/** Refuses {@code request}, answered at the client's redirect URI (the one it named, or its only one). */
	static void refuse(OAuth2AuthorizationCodeRequestAuthenticationToken request, RegisteredClient client,
			String errorCode, String parameter) {
		throw refusal(request, client, errorCode, parameter);
	}

	static OAuth2AuthorizationCodeRequestAuthenticationException refusal(
			OAuth2AuthorizationCodeRequestAuthenticationToken request, RegisteredClient client, String errorCode,
			String parameter) {
		String redirectUri = StringUtils.hasText(request.getRedirectUri()) ? request.getRedirectUri()
				: client.getRedirectUris().iterator().next();
		OAuth2AuthorizationCodeRequestAuthenticationToken answered = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
				redirectUri, request.getState(), request.getScopes(), request.getAdditionalParameters());
		return new OAuth2AuthorizationCodeRequestAuthenticationException(
				new OAuth2Error(errorCode, "OAuth 2.0 Parameter: " + parameter, null), answered);
	}

}
