package dev.wxauth.server.wechat;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The reply of {@code sns/oauth2/access_token}: a WeChat user access token for one openid.
 *
 * @param accessToken {@code null} in the answer a repeated callback of a web login shares with the first
 * ({@link CodeRedemptions#exchangeOnce}): WeChat's tokens are not kept for it
 * @param unionid present only for {@code snsapi_userinfo} / {@code snsapi_login} and apps bound to an Open
 * Platform account
 * @param snapshotUser WeChat showed its "snapshot" page: the ids are virtual and must not be linked to anyone
 */
public record SnsAccessToken(@Nullable String accessToken, long expiresIn, @Nullable String refreshToken, String openid,
		Set<String> scopes, @Nullable String unionid, boolean snapshotUser) {

	/** Who WeChat said signed in, without WeChat's tokens: what a repeated callback of a web login gets. */
	static SnsAccessToken withoutCredentials(String openid, Set<String> scopes, @Nullable String unionid,
			boolean snapshotUser) {
		return new SnsAccessToken(null, 0, null, openid, Set.copyOf(scopes), unionid, snapshotUser);
	}

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

	/** Whether the profile may be read with this token: it {@link #grantsProfile() grants} it, and is one. */
	public boolean canReadProfile() {
		return this.accessToken != null && grantsProfile();
	}

	@Override
	public String toString() {
		return "SnsAccessToken[scopes=" + this.scopes + ", snapshotUser=" + this.snapshotUser + "]";
	}

}
