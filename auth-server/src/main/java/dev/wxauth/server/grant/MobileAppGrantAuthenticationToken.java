package dev.wxauth.server.grant;

import java.util.Map;
import java.util.Set;

import org.springframework.security.core.Authentication;

/**
 * A token request with {@link WeChatGrantTypes#MOBILE_APP}: a native app's Open SDK ({@code SendAuth}) code, before it
 * is authenticated.
 */
public final class MobileAppGrantAuthenticationToken extends WeChatCodeGrantAuthenticationToken {

	public MobileAppGrantAuthenticationToken(Authentication clientPrincipal, String code, Set<String> scopes) {
		super(WeChatGrantTypes.MOBILE_APP, clientPrincipal, code, scopes);
	}

	public MobileAppGrantAuthenticationToken(Authentication clientPrincipal, String code, Set<String> scopes,
			Map<String, Object> additionalParameters) {
		super(WeChatGrantTypes.MOBILE_APP, clientPrincipal, code, scopes, additionalParameters);
	}

}
