package dev.wxauth.server.oauth2;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Which requests at the authorization endpoint are a person's answer on the consent page, as the framework tells
 * them from authorization requests sent by {@code POST}: a {@code POST} without any parameter of an authorization
 * request. An answer names each scope the person allowed in a {@code scope} parameter of its own.
 */
public final class ConsentAnswers {

	private ConsentAnswers() {
	}

	/** The consent answers at the authorization endpoint of {@code settings}. */
	public static RequestMatcher matcher(AuthorizationServerSettings settings) {
		Assert.notNull(settings, "settings cannot be null");
		RequestMatcher posts = PathPatternRequestMatcher.withDefaults()
			.matcher(HttpMethod.POST, settings.getAuthorizationEndpoint());
		return (request) -> posts.matches(request) && isAnswer(request);
	}

	private static boolean isAnswer(HttpServletRequest request) {
		return request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) == null
				&& request.getParameter(OAuth2ParameterNames.REQUEST_URI) == null
				&& request.getParameter(OAuth2ParameterNames.REDIRECT_URI) == null
				&& request.getParameter(PkceParameterNames.CODE_CHALLENGE) == null
				&& request.getParameter(PkceParameterNames.CODE_CHALLENGE_METHOD) == null;
	}

}
