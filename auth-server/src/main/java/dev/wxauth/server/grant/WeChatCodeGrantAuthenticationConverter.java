package dev.wxauth.server.grant;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Reads a WeChat code grant request at the token endpoint: {@code grant_type}, {@code code} (required, once),
 * {@code scope} (optional, once). Returns {@code null} for other grants; no I/O.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.5">RFC 6749 §4.5 extension grants</a>
 */
public final class WeChatCodeGrantAuthenticationConverter implements AuthenticationConverter {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

	private final AuthorizationGrantType grantType;

	public WeChatCodeGrantAuthenticationConverter(AuthorizationGrantType grantType) {
		Assert.notNull(grantType, "grantType cannot be null");
		this.grantType = grantType;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (!this.grantType.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
			return null;
		}
		String code = single(request, OAuth2ParameterNames.CODE, true);
		String scope = single(request, OAuth2ParameterNames.SCOPE, false);
		Set<String> scopes = StringUtils.hasText(scope) ? new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")))
				: Set.of();
		Authentication clientPrincipal = SecurityContextHolder.getContext().getAuthentication();
		return new WeChatCodeGrantAuthenticationToken(this.grantType, clientPrincipal, code, scopes);
	}

	private static String single(HttpServletRequest request, String name, boolean required) {
		String[] values = request.getParameterValues(name);
		if ((values == null || values.length == 0 || !StringUtils.hasText(values[0])) && !required) {
			return null;
		}
		if (values == null || values.length != 1 || !StringUtils.hasText(values[0])) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "OAuth 2.0 Parameter: " + name, ERROR_URI));
		}
		return values[0];
	}

}
