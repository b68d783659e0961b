package dev.wxauth.server.grant;

import java.util.Set;

import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * Our two extension grants (RFC 6749 §4.5): a WeChat code, traded at the token endpoint for our tokens.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.5">RFC 6749 §4.5</a>
 */
public final class WeChatGrantTypes {

	/** A mini-program's {@code wx.login()} code. */
	public static final AuthorizationGrantType MINI_PROGRAM = new AuthorizationGrantType(
			"urn:wxauth:params:oauth:grant-type:wechat-mini-program");

	/** A native app's Open SDK ({@code SendAuth}) code. */
	public static final AuthorizationGrantType MOBILE_APP = new AuthorizationGrantType(
			"urn:wxauth:params:oauth:grant-type:wechat-app");

	public static final Set<AuthorizationGrantType> ALL = Set.of(MINI_PROGRAM, MOBILE_APP);

	private WeChatGrantTypes() {
	}

	/** Whether {@code grantType}, as a request names it, is one of ours. */
	static boolean isWeChatCodeGrant(String grantType) {
		return MINI_PROGRAM.getValue().equals(grantType) || MOBILE_APP.getValue().equals(grantType);
	}

}
