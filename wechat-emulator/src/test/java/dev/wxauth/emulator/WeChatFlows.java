package dev.wxauth.emulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steps a WeChat client takes, as one-liners for tests that need a code or a token to get to their point.
 */
final class WeChatFlows {

	static final String WEBSITE = "wxd0000000000000a1";

	static final String WEBSITE_SECRET = "secret-website-a1";

	static final String OFFICIAL_ACCOUNT = "wxd0000000000000a2";

	static final String OFFICIAL_ACCOUNT_SECRET = "secret-oa-a2";

	static final String MINI_PROGRAM = "wxd0000000000000a3";

	static final String MINI_PROGRAM_SECRET = "secret-mini-a3";

	static final String MOBILE_APP = "wxd0000000000000a4";

	static final String MOBILE_APP_SECRET = "secret-mobile-a4";

	static final String WEBSITE_WITHOUT_OPEN_PLATFORM = "wxd0000000000000b1";

	static final String WEBSITE_WITHOUT_OPEN_PLATFORM_SECRET = "secret-website-b1";

	static final String CALLBACK = "http://localhost:9000/login/oauth2/code/wechat";

	private final EmulatorHttp http;

	WeChatFlows(EmulatorHttp http) {
		this.http = http;
	}

	/** A code from {@code connect/qrconnect} (website apps) or {@code connect/oauth2/authorize} (official accounts). */
	String authorize(String appid, String scope, String user) {
		String path = scope.equals("snsapi_login") ? "/connect/qrconnect" : "/connect/oauth2/authorize";
		EmulatorHttp.Reply reply = this.http.get(EmulatorHttp.query(path, "appid", appid, "redirect_uri", CALLBACK,
				"response_type", "code", "scope", scope, "state", "xyz", "mock_user", user));
		assertThat(reply.status()).as(reply.body()).isEqualTo(302);
		return EmulatorHttp.queryParameter(reply.location(), "code");
	}

	EmulatorHttp.Reply exchange(String appid, String secret, String code) {
		return this.http.get(EmulatorHttp.query("/sns/oauth2/access_token", "appid", appid, "secret", secret, "code",
				code, "grant_type", "authorization_code"));
	}

	/** The token response of a successful exchange. */
	EmulatorHttp.Reply login(String appid, String secret, String scope, String user) {
		EmulatorHttp.Reply reply = exchange(appid, secret, authorize(appid, scope, user));
		assertThat(reply.json().has("access_token")).as(reply.body()).isTrue();
		return reply;
	}

	EmulatorHttp.Reply userinfo(String accessToken, String openid) {
		return this.http
			.get(EmulatorHttp.query("/sns/userinfo", "access_token", accessToken, "openid", openid, "lang", "zh_CN"));
	}

	EmulatorHttp.Reply refresh(String appid, String refreshToken) {
		return this.http.get(EmulatorHttp.query("/sns/oauth2/refresh_token", "appid", appid, "grant_type",
				"refresh_token", "refresh_token", refreshToken));
	}

	EmulatorHttp.Reply jscode2session(String appid, String secret, String jsCode) {
		return this.http.get(EmulatorHttp.query("/sns/jscode2session", "appid", appid, "secret", secret, "js_code",
				jsCode, "grant_type", "authorization_code"));
	}

	String appAccessToken(String appid, String secret) {
		EmulatorHttp.Reply reply = this.http.get(EmulatorHttp.query("/cgi-bin/token", "grant_type",
				"client_credential", "appid", appid, "secret", secret));
		return reply.text("access_token");
	}

}
