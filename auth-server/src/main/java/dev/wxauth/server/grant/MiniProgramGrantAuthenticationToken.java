package dev.wxauth.server.grant;

import java.util.Map;
import java.util.Set;

import org.springframework.security.core.Authentication;

/**
 * A token request with {@link WeChatGrantTypes#MINI_PROGRAM}: a mini-program's {@code wx.login()} code, before it is
 * authenticated.
 */
public final class MiniProgramGrantAuthenticationToken extends WeChatCodeGrantAuthenticationToken {

	public MiniProgramGrantAuthenticationToken(Authentication clientPrincipal, String code, Set<String> scopes) {
		super(WeChatGrantTypes.MINI_PROGRAM, clientPrincipal, code, scopes);
	}

	public MiniProgramGrantAuthenticationToken(Authentication clientPrincipal, String code, Set<String> scopes,
			Map<String, Object> additionalParameters) {
		super(WeChatGrantTypes.MINI_PROGRAM, clientPrincipal, code, scopes, additionalParameters);
	}

}
