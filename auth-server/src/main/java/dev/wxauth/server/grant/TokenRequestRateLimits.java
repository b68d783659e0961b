package dev.wxauth.server.grant;

import java.time.Duration;

import dev.wxauth.server.oauth2.TooManyRequestsError;
import dev.wxauth.server.properties.WxauthProperties;
import dev.wxauth.server.ratelimit.SlidingWindowLimit;
import dev.wxauth.server.wechat.WeChatApps;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The token endpoint's rate limits, per minute on this instance, checked once the client is authenticated and before
 * any grant reads the request (so, like {@link RequiredDPoPProofs}, it converts nothing): every token request counts
 * for its client; a WeChat code grant, which costs a call to WeChat, counts first for the client's IP address and then
 * for the client's WeChat app. A request refused by one limit is not counted by the next, so that one busy address
 * does not use up its app's allowance.
 */
final class TokenRequestRateLimits implements AuthenticationConverter {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final SlidingWindowLimit perClient;

	private final SlidingWindowLimit perAddress;

	private final SlidingWindowLimit perApp;

	TokenRequestRateLimits(WxauthProperties.RateLimits limits) {
		// sketch widths: registered clients and apps are few, addresses many
		this.perClient = new SlidingWindowLimit(limits.tokenRequestsPerClient(), MINUTE, 1024);
		this.perAddress = new SlidingWindowLimit(limits.wechatCodeGrantsPerAddress(), MINUTE, 16384);
		this.perApp = new SlidingWindowLimit(limits.wechatCodeGrantsPerApp(), MINUTE, 256);
	}

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (!(SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2ClientAuthenticationToken client)
				|| !client.isAuthenticated() || client.getRegisteredClient() == null) {
			return null;
		}
		RegisteredClient registeredClient = client.getRegisteredClient();
		if (WeChatGrantTypes.isWeChatCodeGrant(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
			refuseUnlessAdmitted(this.perAddress.admit(request.getRemoteAddr()),
					"Too many WeChat logins from this address");
			String app = registeredClient.getClientSettings().getSetting(WeChatApps.CLIENT_SETTING);
			if (app != null) {
				refuseUnlessAdmitted(this.perApp.admit(app), "Too many WeChat logins for this app");
			}
		}
		refuseUnlessAdmitted(this.perClient.admit(registeredClient.getClientId()),
				"Too many token requests from this client");
		return null;
	}

	private static void refuseUnlessAdmitted(Duration retryAfter, String description) {
		if (retryAfter.isPositive()) {
			throw new OAuth2AuthenticationException(new TooManyRequestsError(description, retryAfter));
		}
	}

}
