package dev.wxauth.server.wechat.web;

import java.io.IOException;

import dev.wxauth.server.audit.LoginEvents;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.WeChatLoginAttempts;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.Assert;

/**
 * Tells the {@link LoginEvents} how a browser login failed at WeChat's callback, then hands the failure on: whatever
 * failed, the code exchange, the user service or the callback itself. A callback that matches no login this browser
 * started is not a login (a repeated callback of one that succeeded, or a stale page), and a callback for an app we
 * do not have is nobody's: neither is counted.
 */
final class RecordingLoginFailures implements AuthenticationFailureHandler {

	/** {@code oauth2Login}'s error when the callback's state matches no login this browser started. */
	private static final String NO_LOGIN_WAITING = "authorization_request_not_found";

	private final WeChatApps apps;

	private final WaitingClient waitingClient;

	private final LoginEvents loginEvents;

	private final AuthenticationFailureHandler delegate;

	RecordingLoginFailures(WeChatApps apps, WaitingClient waitingClient, LoginEvents loginEvents,
			AuthenticationFailureHandler delegate) {
		Assert.notNull(apps, "apps cannot be null");
		Assert.notNull(waitingClient, "waitingClient cannot be null");
		Assert.notNull(loginEvents, "loginEvents cannot be null");
		Assert.notNull(delegate, "delegate cannot be null");
		this.apps = apps;
		this.waitingClient = waitingClient;
		this.loginEvents = loginEvents;
		this.delegate = delegate;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		WeChatApp app = this.apps.byName(appName(request)).orElse(null);
		if (app != null && !noLoginWaiting(exception)) {
			String clientId = this.waitingClient.rules().clientId();
			this.loginEvents.record(declined(request) ? WeChatLoginAttempts.declined(app, clientId)
					: WeChatLoginAttempts.failed(app, clientId, exception));
		}
		this.delegate.onAuthenticationFailure(request, response, exception);
	}

	/** WeChat sends the person back with only the state when they decline: the framework calls that a bad request. */
	private static boolean declined(HttpServletRequest request) {
		return request.getParameter(OAuth2ParameterNames.CODE) == null
				&& request.getParameter(OAuth2ParameterNames.ERROR) == null;
	}

	private static boolean noLoginWaiting(AuthenticationException exception) {
		return exception instanceof OAuth2AuthenticationException oauth2
				&& NO_LOGIN_WAITING.equals(oauth2.getError().getErrorCode());
	}

	/** The callback is {@code /login/oauth2/code/{app}}. */
	private static String appName(HttpServletRequest request) {
		String path = request.getRequestURI();
		return path.substring(path.lastIndexOf('/') + 1);
	}

}
