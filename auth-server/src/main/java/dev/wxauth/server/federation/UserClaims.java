package dev.wxauth.server.federation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.wxauth.server.user.User;
import dev.wxauth.server.user.UserRepository;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.util.Assert;

/**
 * The claims about a person that the ID token and userinfo carry, by granted scope: {@code profile} gives
 * {@code name} and {@code picture}; {@code phone} gives {@code phone_number} (E.164) and
 * {@code phone_number_verified} once a phone is bound; {@code wechat} gives {@code wechat_openid} (under the app the person signed in
 * with) and {@code wechat_unionid}. Nothing else from WeChat ever reaches a client.
 */
public final class UserClaims {

	public static final String WECHAT_SCOPE = "wechat";

	private final UserRepository users;

	public UserClaims(UserRepository users) {
		Assert.notNull(users, "users cannot be null");
		this.users = users;
	}

	/**
	 * @param principal the signed-in person as stored with the authorization
	 * @return the claims, empty when the principal is not one of our federated users (a client, for example)
	 */
	public Map<String, Object> claims(Authentication principal, Set<String> scopes) {
		Map<String, Object> claims = new LinkedHashMap<>();
		if (!(principal.getPrincipal() instanceof OAuth2User person) || person.getAttribute(FederatedPrincipal.SUB) == null) {
			return claims;
		}
		if (scopes.contains(OidcScopes.PROFILE) || scopes.contains(OidcScopes.PHONE)) {
			User user = this.users.findById(UUID.fromString(person.getName())).orElse(null);
			if (user != null && scopes.contains(OidcScopes.PROFILE)) {
				putIfPresent(claims, StandardClaimNames.NAME, user.nickname());
				putIfPresent(claims, StandardClaimNames.PICTURE, user.avatarUrl());
			}
			if (user != null && scopes.contains(OidcScopes.PHONE) && user.phoneNumber() != null) {
				claims.put(StandardClaimNames.PHONE_NUMBER, user.phoneNumber());
				claims.put(StandardClaimNames.PHONE_NUMBER_VERIFIED, user.phoneNumberVerified());
			}
		}
		if (scopes.contains(WECHAT_SCOPE)) {
			putIfPresent(claims, FederatedPrincipal.WECHAT_OPENID,
					person.getAttribute(FederatedPrincipal.WECHAT_OPENID));
			putIfPresent(claims, FederatedPrincipal.WECHAT_UNIONID,
					person.getAttribute(FederatedPrincipal.WECHAT_UNIONID));
		}
		return claims;
	}

	private static void putIfPresent(Map<String, Object> claims, String name, Object value) {
		if (value != null) {
			claims.put(name, value);
		}
	}

}
