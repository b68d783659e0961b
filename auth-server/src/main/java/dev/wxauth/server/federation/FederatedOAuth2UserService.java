package dev.wxauth.server.federation;

import java.util.UUID;

import dev.wxauth.server.wechat.WeChatIdentity;
import dev.wxauth.server.wechat.oauth2.WeChatIdentityResolver;

import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.util.Assert;

/**
 * The user service of the WeChat web login: resolves who WeChat says signed in, federates them to our user (reading
 * their profile from WeChat only when the scope grants it and ours is not recent), and returns them as a
 * {@link FederatedPrincipal}.
 */
public final class FederatedOAuth2UserService implements OAuth2UserService<OAuth2UserRequest, OAuth2User> {

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
		UUID userId = WeChatIdentityResolver.mayReadProfile(request)
				? this.federation.federate(identity, () -> this.identities.readProfile(request, identity))
				: this.federation.federate(identity);
		return FederatedPrincipal.user(userId, identity);
	}

}
