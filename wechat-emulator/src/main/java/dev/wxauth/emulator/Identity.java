package dev.wxauth.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.springframework.util.Assert;

/**
 * The ids WeChat shows one app for one user. They are stable (derived from appid, Open Platform account and user
 * id) so that tests can predict them:
 * <ul>
 * <li>openid = {@code "o"} + the first 27 characters of base64url(SHA-256(appid + "/" + user)), 28 in all, like
 * WeChat's;</li>
 * <li>unionid = {@code "o"} + the first 27 characters of base64url(SHA-256("union/" + account + "/" + user)), only
 * when the app is bound to an Open Platform account, and only for {@code snsapi_userinfo} / {@code snsapi_login}
 * and mini-program logins (never {@code snsapi_base});</li>
 * <li>snapshot-page users authorized with {@code snsapi_userinfo} by an official account get virtual ids
 * ({@code "ovirtual"} + 20 hash characters) that differ from their real ones, and {@code is_snapshotuser: 1}.</li>
 * </ul>
 *
 * @param openid the openid
 * @param unionid the unionid, or {@code null}
 * @param snapshot whether the ids are virtual ones of a snapshot-page user
 */
record Identity(String openid, String unionid, boolean snapshot) {

	static final String SNSAPI_BASE = "snsapi_base";

	static final String SNSAPI_USERINFO = "snsapi_userinfo";

	static final String SNSAPI_LOGIN = "snsapi_login";

	Identity {
		Assert.hasText(openid, "openid cannot be empty");
	}

	/** The ids a web, official-account or mobile-app authorization with {@code scope} yields. */
	static Identity of(WeChatApp app, TestUser user, String scope) {
		Assert.notNull(app, "app cannot be null");
		Assert.notNull(user, "user cannot be null");
		boolean withUnionid = app.hasOpenPlatformAccount() && !SNSAPI_BASE.equals(scope);
		boolean snapshot = user.snapshot() && app.kind() == AppKind.OFFICIAL_ACCOUNT
				&& SNSAPI_USERINFO.equals(scope);
		if (snapshot) {
			return new Identity(virtualOpenid(app.appid(), user.id()),
					withUnionid ? virtualUnionid(app.openPlatformAccount(), user.id()) : null, true);
		}
		return new Identity(openid(app.appid(), user.id()),
				withUnionid ? unionid(app.openPlatformAccount(), user.id()) : null, false);
	}

	/** The ids a mini-program login ({@code sns/jscode2session}) yields: never virtual. */
	static Identity ofMiniProgram(WeChatApp app, TestUser user) {
		Assert.notNull(app, "app cannot be null");
		Assert.notNull(user, "user cannot be null");
		return new Identity(openid(app.appid(), user.id()),
				app.hasOpenPlatformAccount() ? unionid(app.openPlatformAccount(), user.id()) : null, false);
	}

	static String openid(String appid, String userId) {
		return "o" + hash(appid + "/" + userId, 27);
	}

	static String unionid(String openPlatformAccount, String userId) {
		return "o" + hash("union/" + openPlatformAccount + "/" + userId, 27);
	}

	private static String virtualOpenid(String appid, String userId) {
		return "ovirtual" + hash("virtual/" + appid + "/" + userId, 20);
	}

	private static String virtualUnionid(String openPlatformAccount, String userId) {
		return "ovirtual" + hash("virtual-union/" + openPlatformAccount + "/" + userId, 20);
	}

	private static String hash(String input, int length) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, length);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
