package dev.wxauth.server.wechat.web;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.util.Assert;

/**
 * Starts the WeChat leg only for a request it can read: for an unknown app ({@code /oauth2/authorization/nope},
 * {@code IllegalArgumentException}) or a query the container cannot parse ({@code ?&=x}: Tomcat's
 * {@code InvalidParameterException}, an {@code IllegalStateException}), it answers "no login here" instead of letting
 * the framework's redirect filter turn the exception into a 500. The request then goes on like any other unauthenticated
 * one: a browser to {@code /login}, anything else 401.
 */
final class RefusingAuthorizationRequestResolver implements OAuth2AuthorizationRequestResolver {

	private static final Log logger = LogFactory.getLog(RefusingAuthorizationRequestResolver.class);

	private final OAuth2AuthorizationRequestResolver delegate;

	RefusingAuthorizationRequestResolver(OAuth2AuthorizationRequestResolver delegate) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
	}

	@Override
	public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
		try {
			return this.delegate.resolve(request);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			logger.debug("Refused to start a WeChat login: " + ex.getMessage());
			return null;
		}
	}

	@Override
	public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
		try {
			return this.delegate.resolve(request, clientRegistrationId);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			logger.debug("Refused to start a WeChat login: " + ex.getMessage());
			return null;
		}
	}

}
