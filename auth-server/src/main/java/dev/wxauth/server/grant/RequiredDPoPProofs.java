package dev.wxauth.server.grant;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refuses a token request without a {@code DPoP} proof from a client registered with
 * {@link WeChatCodeClients#REQUIRE_DPOP}, whatever its grant; otherwise converts nothing, so the grant's own converter
 * reads the request. It runs before them, once the client is authenticated.
 * <p>
 * The answer is {@code invalid_dpop_proof}: RFC 9449 §5 gives that code for a token request whose proof is not
 * acceptable, and a client that does DPoP knows it means "send a (new) proof", which is what this client must do;
 * {@code invalid_request} would say nothing about DPoP.
 */
final class RequiredDPoPProofs implements AuthenticationConverter {

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()
				&& client.getRegisteredClient() != null
				&& Boolean.TRUE.equals(client.getRegisteredClient().getClientSettings().getSetting(WeChatCodeClients.REQUIRE_DPOP))
				&& request.getHeader(DPoPProofs.HEADER) == null) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF,
					"This client must send a DPoP proof", null));
		}
		return null;
	}

}
