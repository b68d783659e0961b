package dev.wxauth.server.wechat.web;

import dev.wxauth.server.federation.LoginPolicy;
import dev.wxauth.server.oauth2.WaitingAuthorizationRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

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
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet)) {
			return null;
		}
		return WaitingAuthorizationRequest
			.find(this.requestCache, this.authorizationEndpoint, servlet.getRequest(), servlet.getResponse())
			.map((waiting) -> this.clients.findByClientId(waiting.clientId()))
			.orElse(null);
	}

}
