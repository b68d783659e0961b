package dev.wxauth.server.oauth2;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.util.Assert;

/**
 * How our bearer-token APIs' filter chains refuse a request (RFC 6750 §3): the challenge in
 * {@code WWW-Authenticate} ({@code Bearer}, with {@code error="invalid_token"} for a token refused), and the same
 * refusal as RFC 9457 problem JSON carrying the OAuth error code ({@link OAuth2ErrorResponses#writeProblem}), as the
 * APIs' own answers are, so that an app reads every refusal of ours the same way.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 §3</a>
 */
public final class BearerTokenRefusals {

	private BearerTokenRefusals() {
	}

	/**
	 * 401 for a request without a token, or with one refused (not ours, expired, revoked).
	 * @param withoutToken the problem's {@code detail} when no token came
	 */
	public static AuthenticationEntryPoint entryPoint(String withoutToken, JsonMapper json) {
		Assert.hasText(withoutToken, "withoutToken cannot be empty");
		Assert.notNull(json, "json cannot be null");
		BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
		return (request, response, ex) -> {
			challenge.commence(request, response, ex);
			OAuth2Error error = (ex instanceof OAuth2AuthenticationException refused) ? refused.getError() : null;
			OAuth2ErrorResponses.writeProblem(response, HttpStatus.UNAUTHORIZED,
					(error != null && error.getDescription() != null) ? error.getDescription() : withoutToken, error,
					json);
		};
	}

	/** 403 {@code insufficient_scope} for a token that may not do what it asked. */
	public static AccessDeniedHandler accessDenied(BearerTokenError insufficientScope, JsonMapper json) {
		Assert.notNull(insufficientScope, "insufficientScope cannot be null");
		Assert.notNull(json, "json cannot be null");
		BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
		return (request, response, ex) -> {
			challenge.commence(request, response, new OAuth2AuthenticationException(insufficientScope));
			OAuth2ErrorResponses.writeProblem(response, insufficientScope.getHttpStatus(),
					insufficientScope.getDescription(), insufficientScope, json);
		};
	}

}
