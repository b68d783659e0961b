package dev.wxauth.server.federation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.wxauth.server.wechat.WeChatIdentity;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * The signed-in person as every login path records them: an {@link OAuth2User} named by our user id (so the
 * authorization server's {@code sub} is ours), with the WeChat ids of this login as attributes, kept server-side
 * with the authorization for the {@code wechat} scope's claims. Framework types only, so that the JDBC
 * authorization service can store it.
 */
public final class FederatedPrincipal {

	public static final String SUB = "sub";

	public static final String WECHAT_APPID = "wechat_appid";

	public static final String WECHAT_OPENID = "wechat_openid";

	public static final String WECHAT_UNIONID = "wechat_unionid";

	private FederatedPrincipal() {
	}

	public static OAuth2User user(UUID userId, WeChatIdentity identity) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put(SUB, userId.toString());
		attributes.put(WECHAT_APPID, identity.appid());
		attributes.put(WECHAT_OPENID, identity.openid());
		if (identity.unionid() != null) {
			attributes.put(WECHAT_UNIONID, identity.unionid());
		}
		return new DefaultOAuth2User(List.of(new SimpleGrantedAuthority("ROLE_USER")), attributes, SUB);
	}

	/** The authentication of a login that did not go through a browser (a code grant at the token endpoint). */
	public static OAuth2AuthenticationToken authentication(UUID userId, WeChatIdentity identity, String appName) {
		OAuth2User user = user(userId, identity);
		return new OAuth2AuthenticationToken(user, user.getAuthorities(), appName);
	}

}
