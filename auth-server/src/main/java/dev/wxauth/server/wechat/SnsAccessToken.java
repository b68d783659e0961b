package dev.wxauth.server.wechat;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The reply of {@code sns/oauth2/access_token}: a WeChat user access token for one openid.
 *
 * @param unionid present only for {@code snsapi_userinfo} / {@code snsapi_login} and apps bound to an Open
 * Platform account
 * @param snapshotUser WeChat showed its "snapshot" page: the ids are virtual and must not be linked to anyone
 */
public record SnsAccessToken(String accessToken, long expiresIn, @Nullable String refreshToken, String openid,
		Set<String> scopes, @Nullable String unionid, boolean snapshotUser) {

	/** This reply with {@code scopes} instead of its own. */
	public SnsAccessToken withScopes(Set<String> scopes) {
		return new SnsAccessToken(this.accessToken, this.expiresIn, this.refreshToken, this.openid, Set.copyOf(scopes),
				this.unionid, this.snapshotUser);
	}

	/**
	 * Whether the authorization grants the person's profile ({@code sns/userinfo}): {@code snsapi_userinfo} and
	 * {@code snsapi_login} do, {@code snsapi_base} does not (WeChat would answer 48001).
	 */
	public boolean grantsProfile() {
		return this.scopes.contains("snsapi_userinfo") || this.scopes.contains("snsapi_login");
	}

	@Override
	public String toString() {
		return "SnsAccessToken[scopes=" + this.scopes + ", snapshotUser=" + this.snapshotUser + "]";
	}

}
