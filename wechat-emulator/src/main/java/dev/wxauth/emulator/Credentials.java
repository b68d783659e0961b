package dev.wxauth.emulator;

import org.springframework.util.StringUtils;

/**
 * The parameter checks every API shares, each ending the call with its WeChat errcode.
 */
final class Credentials {

	private Credentials() {
	}

	/** An empty parameter is as missing as an absent one. */
	static String require(String value, WeChatError whenMissing) {
		if (!StringUtils.hasText(value)) {
			throw whenMissing.exception();
		}
		return value;
	}

	static void requireGrantType(String grantType, String expected) {
		if (!expected.equals(grantType)) {
			throw WeChatError.INVALID_GRANT_TYPE.exception();
		}
	}

	/** 40013 for an unknown appid, 40125 for a wrong secret, 40243 for a frozen one. */
	static WeChatApp authenticate(Directory directory, String appid, String secret) {
		WeChatApp app = directory.app(appid).orElseThrow(WeChatError.INVALID_APPID::exception);
		if (!app.secretMatches(secret)) {
			throw WeChatError.INVALID_APPSECRET.exception();
		}
		if (app.secretFrozen()) {
			throw WeChatError.APPSECRET_FROZEN.exception();
		}
		return app;
	}

}
