package dev.wxauth.server.wechat.web;

import java.util.List;

import dev.wxauth.server.federation.LoginPolicy;
import dev.wxauth.server.oauth2.WaitingAuthorizationRequest;
import dev.wxauth.server.wechat.WeChatApps;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The client whose authorization request waits, in this browser, for the WeChat login under way: its
 * {@link LoginPolicy} decides whom the login may bring in, and its login apps which of our WeChat apps the login may
 * go through. A login with no authorization request waiting (the person opened {@code /login} themselves) answers to
 * no client's.
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

	/** The waiting client's policy and apps; {@code withoutClient}'s policy and any app when no client's request waits. */
	Rules rules() {
		RegisteredClient client = client();
		return (client != null)
				? new Rules(client.getClientId(),
						LoginPolicy.of(client.getClientSettings().getSetting(LoginPolicy.CLIENT_SETTING)),
						WeChatApps.loginAppNames(client))
				: new Rules(null, this.withoutClient, List.of());
	}

	/**
	 * What the waiting client asks of a login.
	 * @param clientId the waiting client's id, {@code null} when none waits
	 * @param apps the names of the apps the login may go through; empty: any
	 */
	record Rules(@Nullable String clientId, LoginPolicy policy, List<String> apps) {

		boolean allows(String app) {
			return this.apps.isEmpty() || this.apps.contains(app);
		}

	}

	private @Nullable RegisteredClient client() {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet)) {
			return null;
		}
		HttpServletRequest request = servlet.getRequest();
		// at the authorization endpoint itself (a signed-out browser sent on to WeChat) the request is the one that
		// waits: the framework validated its client before that
		if ((request.getContextPath() + this.authorizationEndpoint).equals(request.getRequestURI())) {
			String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
			return (clientId != null) ? this.clients.findByClientId(clientId) : null;
		}
		return WaitingAuthorizationRequest.find(this.requestCache, this.authorizationEndpoint, request, servlet.getResponse())
			.map((waiting) -> this.clients.findByClientId(waiting.clientId()))
			.orElse(null);
	}

}
