package dev.wxauth.server.wechat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The WeChat products one of our apps can be; each signs people in its own way.
 */
public enum AppKind {

	/** Open Platform website app: QR login on desktop browsers ({@code snsapi_login}). */
	WEBSITE,

	/** Official account: login inside WeChat's browser ({@code snsapi_base} / {@code snsapi_userinfo}). */
	OFFICIAL_ACCOUNT,

	/** Mini-program: {@code wx.login()} codes traded with {@code jscode2session}. */
	MINI_PROGRAM,

	/** Native app with the Open SDK: {@code SendAuth} codes. */
	MOBILE_APP;

	/** How configuration, the admin API and the database spell it: {@code mini-program}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static Optional<AppKind> fromId(String id) {
		return Arrays.stream(values()).filter((kind) -> kind.id().equals(id)).findFirst();
	}

}
