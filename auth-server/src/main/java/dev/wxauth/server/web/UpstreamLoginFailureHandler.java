package dev.wxauth.server.web;

import java.io.IOException;

import dev.wxauth.server.oauth2.WaitingAuthorizationRequest;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.util.Assert;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * When the WeChat leg of a login fails (the person denied, WeChat is down, the callback was tampered with): if a
 * client's authorization request is waiting, the client gets a standard OAuth error redirect (RFC 6749 §4.1.2.1)
 * to its registered redirect URI; otherwise the person sees our login page with a readable error. The redirect
 * URI is taken only if it is registered for the client, so this never becomes an open redirect.
 * <p>
 * A callback that finds no login of this browser waiting, in a browser that is signed in, is a repeated callback
 * of the login that signed it in (a reload, a double tap, WeChat's browser opening it twice): the browser goes on
 * where that login went, the client's authorization request if it still waits, as after a successful login.
 */
final class UpstreamLoginFailureHandler implements AuthenticationFailureHandler {

	private static final Log logger = LogFactory.getLog(UpstreamLoginFailureHandler.class);

	/** {@code oauth2Login}'s error when the callback's state matches no login this browser started. */
	private static final String NO_LOGIN_WAITING = "authorization_request_not_found";

	private final RegisteredClientRepository clients;

	private final AuthorizationServerSettings settings;

	private final RequestCache requestCache;

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

	private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	private final SavedRequestAwareAuthenticationSuccessHandler continuation =
			new SavedRequestAwareAuthenticationSuccessHandler();

	UpstreamLoginFailureHandler(RegisteredClientRepository clients, AuthorizationServerSettings settings,
			RequestCache requestCache) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		Assert.notNull(requestCache, "requestCache cannot be null");
		this.clients = clients;
		this.settings = settings;
		this.requestCache = requestCache;
		this.continuation.setRequestCache(requestCache);
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		Authentication signedIn = signedInBefore(request, exception);
		if (signedIn != null) {
			logger.debug("A repeated WeChat callback in a signed-in browser: on where its login went");
			this.continuation.onAuthenticationSuccess(request, response, signedIn);
			return;
		}
		String error = downstreamError(request, exception);
		logger.debug("WeChat login failed: " + error);
		String clientRedirect = WaitingAuthorizationRequest
			.find(this.requestCache, this.settings.getAuthorizationEndpoint(), request, response)
			.map((waiting) -> clientErrorRedirect(waiting, error))
			.orElse(null);
		if (clientRedirect != null) {
			this.requestCache.removeRequest(request, response);
			this.redirects.sendRedirect(request, response, clientRedirect);
			return;
		}
		this.redirects.sendRedirect(request, response, "/login?error=" + error);
	}

	/**
	 * @return the person this browser signed in as, when {@code exception} says that the callback belongs to no login
	 * it has waiting; otherwise {@code null}
	 */
	private @Nullable Authentication signedInBefore(HttpServletRequest request, AuthenticationException exception) {
		if (!(exception instanceof OAuth2AuthenticationException oauth2)
				|| !NO_LOGIN_WAITING.equals(oauth2.getError().getErrorCode())) {
			return null;
		}
		// the filter has already cleared the request's security context: the session still holds the browser's
		Authentication authentication = this.sessions.loadDeferredContext(request).get().getAuthentication();
		return this.trust.isAuthenticated(authentication) ? authentication : null;
	}

	/** The error a client may see: one of three standard codes, whatever WeChat or the framework said. */
	static String downstreamError(HttpServletRequest request, AuthenticationException exception) {
		if (request.getParameter(OAuth2ParameterNames.CODE) == null
				&& request.getParameter(OAuth2ParameterNames.ERROR) == null) {
			// WeChat sends the person back with only the state when they deny
			return OAuth2ErrorCodes.ACCESS_DENIED;
		}
		// anything else (an invalid or replayed callback, an unknown state, a rejected code): the login did not happen
		return (exception instanceof OAuth2AuthenticationException oauth2)
				? LoginError.of(oauth2.getError().getErrorCode()).errorCode() : OAuth2ErrorCodes.ACCESS_DENIED;
	}

	private @Nullable String clientErrorRedirect(WaitingAuthorizationRequest waiting, String error) {
		RegisteredClient client = this.clients.findByClientId(waiting.clientId());
		if (client == null) {
			return null;
		}
		String redirectUri = (waiting.redirectUri() != null) ? waiting.redirectUri()
				: (client.getRedirectUris().size() == 1) ? client.getRedirectUris().iterator().next() : null;
		if (redirectUri == null || !client.getRedirectUris().contains(redirectUri)) {
			return null;
		}
		UriComponentsBuilder target = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam(OAuth2ParameterNames.ERROR, error);
		if (waiting.state() != null) {
			target.queryParam(OAuth2ParameterNames.STATE, waiting.state());
		}
		// RFC 9207: tell the client which server answered
		target.queryParam("iss", this.settings.getIssuer());
		return target.encode().build().toUriString();
	}

}
