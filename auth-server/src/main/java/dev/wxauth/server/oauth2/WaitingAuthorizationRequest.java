package dev.wxauth.server.oauth2;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The authorization request (RFC 6749 §4.1.1) that waits in this browser's request cache while its person signs in:
 * the parameters a login needs of it, the client's {@code client_id}, and its {@code redirect_uri} and
 * {@code state} for an error answer (§4.1.2.1). The cache lives in a cookie the browser can alter, so nothing here is
 * trusted: the client and its redirect URI are for the caller to look up and check.
 *
 * @param redirectUri as the request gave it, {@code null} when it gave none
 * @param state as the request gave it, {@code null} when it gave none
 */
public record WaitingAuthorizationRequest(String clientId, @Nullable String redirectUri, @Nullable String state) {

	/**
	 * @param requestCache where a signed-out browser's authorization request waits
	 * @param authorizationEndpoint the authorization endpoint's path, without the context path
	 * @return the request waiting, empty when none does, when another request waits (any other page), or when it
	 * cannot be read: no {@code client_id}, a parameter repeated (the endpoint refuses such a request before any
	 * login, so only an altered cookie holds one), an undecodable value
	 */
	public static Optional<WaitingAuthorizationRequest> find(RequestCache requestCache, String authorizationEndpoint,
			HttpServletRequest request, HttpServletResponse response) {
		Assert.notNull(requestCache, "requestCache cannot be null");
		Assert.hasText(authorizationEndpoint, "authorizationEndpoint cannot be empty");
		try {
			SavedRequest saved = requestCache.getRequest(request, response);
			if (saved == null) {
				return Optional.empty();
			}
			UriComponents waiting = UriComponentsBuilder.fromUriString(saved.getRedirectUrl()).build();
			if (!(request.getContextPath() + authorizationEndpoint).equals(waiting.getPath())) {
				return Optional.empty();
			}
			MultiValueMap<String, String> parameters = waiting.getQueryParams();
			String clientId = single(parameters, OAuth2ParameterNames.CLIENT_ID);
			if (clientId == null || clientId.isEmpty() || isRepeated(parameters, OAuth2ParameterNames.REDIRECT_URI)
					|| isRepeated(parameters, OAuth2ParameterNames.STATE)) {
				return Optional.empty();
			}
			return Optional.of(new WaitingAuthorizationRequest(clientId,
					single(parameters, OAuth2ParameterNames.REDIRECT_URI), single(parameters, OAuth2ParameterNames.STATE)));
		}
		catch (IllegalArgumentException ex) {
			// a cookie the browser altered into something unreadable: no request waits
			return Optional.empty();
		}
	}

	/** The parameter's one decoded value; {@code null} when absent, valueless or repeated. */
	private static @Nullable String single(MultiValueMap<String, String> parameters, String name) {
		List<String> values = parameters.get(name);
		if (values == null || values.size() != 1 || values.getFirst() == null) {
			return null;
		}
		return UriUtils.decode(values.getFirst(), StandardCharsets.UTF_8);
	}

	private static boolean isRepeated(MultiValueMap<String, String> parameters, String name) {
		List<String> values = parameters.get(name);
		return values != null && values.size() > 1;
	}

}
