package dev.wxauth.emulator;

/**
 * The WeChat product an app is: it decides which authorize page and which APIs the app may use.
 */
enum AppKind {

	/** An Open Platform website app: QR login at {@code connect/qrconnect}. */
	WEBSITE,

	/** An official (service) account: web authorization inside WeChat at {@code connect/oauth2/authorize}. */
	OFFICIAL_ACCOUNT,

	/** A mini-program: {@code wx.login} codes for {@code sns/jscode2session}, phone-number codes. */
	MINI_PROGRAM,

	/** An Open Platform mobile app: Open SDK codes for {@code sns/oauth2/access_token}. */
	MOBILE_APP

}
