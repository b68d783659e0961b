package dev.wxauth.server.wechat.web;

import java.nio.charset.StandardCharsets;

import dev.wxauth.server.federation.LoginPolicy;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The client whose authorization request waits, in this browser, for the WeChat login under way: its
 * {@link LoginPolicy} decides whom the login may bring in. A login with no authorization request waiting (the person
 * opened {@code /login} themselves) answers to no client's policy.
 */
final class WaitingClient {

	private final RequestCache requestCache;

	private final RegisteredClientRepository clients;

	private final String authorizationEndpoint;

	private final LoginPolicy withoutClient;

	/** @param withoutClient the policy of a login no client's request waits for */
	WaitingClient(RequestCache requestCache, RegisteredClientRepository clients, String authorizationEndpoint,
			LoginPolicy withoutClient) {
		this.requestCache = requestCache;
		this.clients = clients;
		this.authorizationEndpoint = authorizationEndpoint;
		this.withoutClient = withoutClient;
	}

	/** The waiting client's policy; {@code withoutClient}'s when no client's request waits. */
	LoginPolicy policy() {
		RegisteredClient client = client();
		return (client != null) ? LoginPolicy.of(client.getClientSettings().getSetting(LoginPolicy.CLIENT_SETTING))
				: this.withoutClient;
	}

	private @Nullable RegisteredClient client() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			return null;
		}
		HttpServletRequest request = servlet.getRequest();
		SavedRequest saved = this.requestCache.getRequest(request, servlet.getResponse());
		if (saved == null) {
			return null;
		}
		try {
			UriComponents waiting = UriComponentsBuilder.fromUriString(saved.getRedirectUrl()).build();
			String clientId = waiting.getQueryParams().getFirst(OAuth2ParameterNames.CLIENT_ID);
			if (!(request.getContextPath() + this.authorizationEndpoint).equals(waiting.getPath()) || clientId == null) {
				return null;
			}
			return this.clients.findByClientId(UriUtils.decode(clientId, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			// a cookie the browser altered: no client's request
			return null;
		}
	}

}
