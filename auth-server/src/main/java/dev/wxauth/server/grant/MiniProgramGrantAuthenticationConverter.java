package dev.wxauth.server.grant;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a token request with {@link WeChatGrantTypes#MINI_PROGRAM} (a mini-program's {@code wx.login()} code):
 * {@code code} (required, once), {@code scope} (optional, once), {@code phone_code} (optional, once: a
 * {@code getPhoneNumber} code proving the person's number, for a first login); a
 * {@code DPoP} proof header (optional, once). Returns {@code null} for other grants; no I/O.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.5">RFC 6749 §4.5 extension grants</a>
 */
public final class MiniProgramGrantAuthenticationConverter implements AuthenticationConverter {

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (!WeChatGrantTypes.MINI_PROGRAM.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
			return null;
		}
		WeChatCodeGrantParameters parameters = WeChatCodeGrantParameters.read(request);
		Authentication clientPrincipal = SecurityContextHolder.getContext().getAuthentication();
		return new MiniProgramGrantAuthenticationToken(clientPrincipal, parameters.code(), parameters.scopes(),
				DPoPProofs.read(request), WeChatCodeGrantParameters.optionalCode(request,
						MiniProgramGrantAuthenticationToken.PHONE_CODE));
	}

}
