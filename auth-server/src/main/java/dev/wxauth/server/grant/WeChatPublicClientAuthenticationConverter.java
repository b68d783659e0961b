package dev.wxauth.server.grant;

import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A mini-program or native app cannot keep a secret: at our two WeChat code grants, and at the refreshes that
 * follow them, it identifies itself with {@code client_id} alone (RFC 6749 §2.3: a public client). The framework
 * accepts that only with PKCE at the authorization-code grant, so these requests get their own converter, which
 * ignores everything else, and keeps only {@code grant_type} as the framework's converters keep the request's
 * parameters. The same holds where such a client revokes its tokens (RFC 7009 §2.1). {@link
 * WeChatPublicClientAuthenticationProvider} decides whether the client may.
 */
public final class WeChatPublicClientAuthenticationConverter implements AuthenticationConverter {

	static final Set<String> GRANT_TYPES = Set.of(WeChatGrantTypes.MINI_PROGRAM.getValue(),
			WeChatGrantTypes.MOBILE_APP.getValue(), AuthorizationGrantType.REFRESH_TOKEN.getValue());

	/** Marks a revocation request (RFC 7009 §2.1: a public client revokes its tokens with its client_id). */
	static final String REVOCATION = "wxauth_revocation";

	private final String revocationEndpoint;

	public WeChatPublicClientAuthenticationConverter(String revocationEndpoint) {
		this.revocationEndpoint = revocationEndpoint;
	}

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null
				|| request.getParameter(PkceParameterNames.CODE_VERIFIER) != null) {
			return null;
		}
		String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
		if (clientIds == null || clientIds.length != 1 || clientIds[0].isBlank()) {
			return null;
		}
		if (this.revocationEndpoint.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
			return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null,
					Map.of(REVOCATION, true));
		}
		String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
		if (grantType == null || !GRANT_TYPES.contains(grantType)) {
			return null;
		}
		return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null,
				Map.of(OAuth2ParameterNames.GRANT_TYPE, grantType));
	}

}
