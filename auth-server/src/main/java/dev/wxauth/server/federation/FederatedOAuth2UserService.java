package dev.wxauth.server.federation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.wxauth.server.wechat.WeChatIdentity;
import dev.wxauth.server.wechat.oauth2.WeChatIdentityResolver;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.util.Assert;

/**
 * The user service of the WeChat login: resolves who WeChat says signed in, federates them to our user, and
 * returns a principal whose name is our user id, so that the authorization server's {@code sub} is ours.
 * The WeChat ids ride along as attributes (stored server-side with the authorization) for the {@code wechat}
 * scope's claims; nothing reaches a token unless a claim mapper puts it there.
 */
public final class FederatedOAuth2UserService implements OAuth2UserService<OAuth2UserRequest, OAuth2User> {

	public static final String SUB = "sub";

	public static final String WECHAT_APPID = "wechat_appid";

	public static final String WECHAT_OPENID = "wechat_openid";

	public static final String WECHAT_UNIONID = "wechat_unionid";

	private final WeChatIdentityResolver identities;

	private final UserFederation federation;

	public FederatedOAuth2UserService(WeChatIdentityResolver identities, UserFederation federation) {
		Assert.notNull(identities, "identities cannot be null");
		Assert.notNull(federation, "federation cannot be null");
		this.identities = identities;
		this.federation = federation;
	}

	@Override
	public OAuth2User loadUser(OAuth2UserRequest request) {
		WeChatIdentity identity = this.identities.resolve(request);
		UUID userId = this.federation.federate(identity);
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put(SUB, userId.toString());
		attributes.put(WECHAT_APPID, identity.appid());
		attributes.put(WECHAT_OPENID, identity.openid());
		if (identity.unionid() != null) {
			attributes.put(WECHAT_UNIONID, identity.unionid());
		}
		return new DefaultOAuth2User(List.of(new SimpleGrantedAuthority("ROLE_USER")), attributes, SUB);
	}

}
