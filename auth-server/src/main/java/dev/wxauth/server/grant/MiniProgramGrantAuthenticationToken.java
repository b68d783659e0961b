package dev.wxauth.server.grant;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

/**
 * A token request with {@link WeChatGrantTypes#MINI_PROGRAM}: a mini-program's {@code wx.login()} code, and
 * optionally a {@code getPhoneNumber} code proving the person's phone number, before it is authenticated.
 */
public final class MiniProgramGrantAuthenticationToken extends WeChatCodeGrantAuthenticationToken {

	/** The token request's parameter carrying a {@code getPhoneNumber} button's code. */
	public static final String PHONE_CODE = "phone_code";

	private final @Nullable String phoneCode;

	public MiniProgramGrantAuthenticationToken(Authentication clientPrincipal, String code, Set<String> scopes) {
		super(WeChatGrantTypes.MINI_PROGRAM, clientPrincipal, code, scopes);
		this.phoneCode = null;
	}

	public MiniProgramGrantAuthenticationToken(Authentication clientPrincipal, String code, Set<String> scopes,
			Map<String, Object> additionalParameters) {
		this(clientPrincipal, code, scopes, additionalParameters, null);
	}

	public MiniProgramGrantAuthenticationToken(Authentication clientPrincipal, String code, Set<String> scopes,
			Map<String, Object> additionalParameters, @Nullable String phoneCode) {
		super(WeChatGrantTypes.MINI_PROGRAM, clientPrincipal, code, scopes, additionalParameters);
		this.phoneCode = phoneCode;
	}

	/** @return the {@code getPhoneNumber} code sent with the login, or {@code null} */
	public @Nullable String getPhoneCode() {
		return this.phoneCode;
	}

}
