package dev.wxauth.server.oauth2;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request parameters before anything reads them, when no client sends them and the framework cannot take
 * them: parameters the container cannot decode (broken percent-encoding, bytes that are not UTF-8), parameters longer
 * than {@link #MAX_LENGTH}, parameters carrying control characters (no OAuth parameter may, RFC 6749 Appendix A, and
 * PostgreSQL refuses a NUL byte in a query with an error), and at the protocol endpoints a parameter given more than
 * once (RFC 6749 §3.1 and §3.2:
 * "Request and response parameters MUST NOT be included more than once"), but for the {@code scope} of a consent
 * answer ({@link ConsentAnswers}), one parameter per scope allowed, as the framework reads it. Left to the framework, a repeated
 * parameter became a 500: client authentication casts {@code code} to a string, and a repeated authorization request
 * parameter is saved with the authorization, which then cannot be read back when the code is redeemed.
 * <p>
 * The token, introspection, revocation and client registration endpoints answer {@code invalid_request} as OAuth
 * error JSON (RFC 6749 §5.2, RFC 7591 §3.2.2); anywhere else the answer is a 400 for the error page to render, as
 * the framework answers a repeated {@code client_id} at the authorization endpoint. A refused request reaches neither
 * a session nor the database.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-3.1">RFC 6749 §3.1</a>
 */
public final class WellFormedParameters extends OncePerRequestFilter {

	/**
	 * Longer than any parameter a client sends us (an ID token as {@code id_token_hint}, a client assertion, a state):
	 * more is refused, whatever the parameter and the path.
	 */
	public static final int MAX_LENGTH = 4096;

	/**
	 * Longer than any authorization request's query a client sends: while the person signs in, a signed-out
	 * browser's request waits in a cookie, base64-encoded, and browsers keep no cookie longer than 4096 bytes (a
	 * longer one made the response's headers overflow, a 500).
	 */
	public static final int MAX_AUTHORIZATION_QUERY_LENGTH = 2800;

	/** The token endpoint's parameters that may repeat: token exchange's targets (RFC 8693 §2.1, RFC 8707 §2). */
	private static final Set<String> REPEATABLE_AT_TOKEN_ENDPOINT = Set.of("resource", "audience");

	/** A name the error description may repeat: it cannot carry anything but a parameter's name. */
	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

	private static final Log logger = LogFactory.getLog(WellFormedParameters.class);

	private final RequestMatcher authorizationEndpoints;

	private final RequestMatcher tokenEndpoint;

	private final RequestMatcher clientEndpoints;

	private final RequestMatcher consentAnswers;

	public WellFormedParameters(AuthorizationServerSettings settings) {
		Assert.notNull(settings, "settings cannot be null");
		this.authorizationEndpoints = new OrRequestMatcher(
				PathPatternRequestMatcher.pathPattern(settings.getAuthorizationEndpoint()),
				PathPatternRequestMatcher.pathPattern(settings.getPushedAuthorizationRequestEndpoint()));
		this.tokenEndpoint = PathPatternRequestMatcher.pathPattern(settings.getTokenEndpoint());
		this.clientEndpoints = new OrRequestMatcher(this.tokenEndpoint,
				PathPatternRequestMatcher.pathPattern(settings.getTokenIntrospectionEndpoint()),
				PathPatternRequestMatcher.pathPattern(settings.getTokenRevocationEndpoint()),
				PathPatternRequestMatcher.pathPattern(settings.getPushedAuthorizationRequestEndpoint()),
				PathPatternRequestMatcher.pathPattern(settings.getOidcClientRegistrationEndpoint()));
		this.consentAnswers = ConsentAnswers.matcher(settings);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String query = request.getQueryString();
		if (query != null && query.length() > MAX_AUTHORIZATION_QUERY_LENGTH
				&& this.authorizationEndpoints.matches(request)) {
			refuse(request, response, "query too long", null);
			return;
		}
		Map<String, String[]> parameters;
		try {
			parameters = request.getParameterMap();
		}
		catch (Exception ex) {
			// Tomcat's InvalidParameterException (an IllegalStateException) for anything it cannot decode, or an
			// IOException it throws undeclared for a body it cannot read
			refuse(request, response, "undecodable", null);
			return;
		}
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			String name = parameter.getKey();
			String[] values = parameter.getValue();
			if (name.length() > MAX_LENGTH || anyLongerThanMax(values)) {
				refuse(request, response, "oversized", name);
				return;
			}
			if (hasControlCharacter(name) || anyHasControlCharacter(values)) {
				refuse(request, response, "with a control character", name);
				return;
			}
			if (values.length > 1 && !mayRepeat(request, name)) {
				refuse(request, response, "repeated", name);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private static boolean anyLongerThanMax(String[] values) {
		for (String value : values) {
			if (value.length() > MAX_LENGTH) {
				return true;
			}
		}
		return false;
	}

	private static boolean anyHasControlCharacter(String[] values) {
		for (String value : values) {
			if (hasControlCharacter(value)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasControlCharacter(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				return true;
			}
		}
		return false;
	}

	private boolean mayRepeat(HttpServletRequest request, String name) {
		if (this.tokenEndpoint.matches(request)) {
			return REPEATABLE_AT_TOKEN_ENDPOINT.contains(name);
		}
		if (OAuth2ParameterNames.SCOPE.equals(name) && this.consentAnswers.matches(request)) {
			return true;
		}
		return !this.authorizationEndpoints.matches(request) && !this.clientEndpoints.matches(request);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String why, @Nullable String name)
			throws IOException {
		if (response.isCommitted()) {
			// the container already answered: the body could not be read
			return;
		}
		String parameter = (name != null && PLAIN_NAME.matcher(name).matches()) ? name : null;
		if (logger.isDebugEnabled()) {
			logger.debug("Refused " + request.getMethod() + " " + request.getRequestURI() + ": a parameter "
					+ ((parameter != null) ? "(" + parameter + ") " : "") + why);
		}
		if (this.clientEndpoints.matches(request)) {
			OAuth2ErrorResponses.write(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					(parameter != null) ? "OAuth 2.0 Parameter: " + parameter : null, null), response);
			return;
		}
		response.sendError(HttpStatus.BAD_REQUEST.value());
	}

}
