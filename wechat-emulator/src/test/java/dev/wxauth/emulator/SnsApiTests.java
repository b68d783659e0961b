package dev.wxauth.emulator;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.wxauth.emulator.EmulatorHttp.query;
import static dev.wxauth.emulator.WeChatFlows.MOBILE_APP;
import static dev.wxauth.emulator.WeChatFlows.MOBILE_APP_SECRET;
import static dev.wxauth.emulator.WeChatFlows.OFFICIAL_ACCOUNT;
import static dev.wxauth.emulator.WeChatFlows.OFFICIAL_ACCOUNT_SECRET;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE_SECRET;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE_WITHOUT_OPEN_PLATFORM;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE_WITHOUT_OPEN_PLATFORM_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sns/oauth2/access_token}, {@code sns/oauth2/refresh_token}, {@code sns/userinfo}, {@code sns/auth}: every
 * errcode, then the happy paths.
 */
class SnsApiTests {

	private final WeChatEmulator emulator = SharedEmulator.get();

	private final EmulatorHttp http = new EmulatorHttp(this.emulator.baseUrl());

	private final WeChatFlows flows = new WeChatFlows(this.http);

	@BeforeEach
	void reset() {
		this.emulator.reset();
	}

	@Test
	void accessTokenWhenAppidMissingThen41002() {
		assertError(accessToken(null, WEBSITE_SECRET, "code", "authorization_code"), 41002);
	}

	@Test
	void accessTokenWhenSecretMissingThen41004() {
		assertError(accessToken(WEBSITE, null, "code", "authorization_code"), 41004);
	}

	@Test
	void accessTokenWhenCodeMissingThen41008() {
		assertError(accessToken(WEBSITE, WEBSITE_SECRET, "", "authorization_code"), 41008);
	}

	@Test
	void accessTokenWhenGrantTypeWrongThen40002() {
		assertError(accessToken(WEBSITE, WEBSITE_SECRET, "code", "client_credential"), 40002);
	}

	@Test
	void accessTokenWhenAppidUnknownThen40013() {
		assertError(accessToken("wxunknown", WEBSITE_SECRET, "code", "authorization_code"), 40013);
	}

	@Test
	void accessTokenWhenSecretWrongThen40125WithRid() {
		String code = this.flows.authorize(WEBSITE, "snsapi_login", "alice");
		EmulatorHttp.Reply reply = accessToken(WEBSITE, OFFICIAL_ACCOUNT_SECRET, code, "authorization_code");
		assertError(reply, 40125);
		assertThat(reply.text("errmsg")).matches("invalid appsecret, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}");
		// The failed attempt did not spend the code.
		assertThat(this.flows.exchange(WEBSITE, WEBSITE_SECRET, code).json().has("access_token")).isTrue();
	}

	@Test
	void accessTokenWhenCodeUnknownThen40029() {
		EmulatorHttp.Reply reply = accessToken(WEBSITE, WEBSITE_SECRET, "0123456789abcdef0123456789abcdef",
				"authorization_code");
		assertError(reply, 40029);
		assertThat(reply.text("errmsg")).startsWith("invalid code, rid: ");
	}

	@Test
	void accessTokenWhenCodeOfAnotherAppThen40029() {
		String code = this.flows.authorize(WEBSITE, "snsapi_login", "alice");
		assertError(this.flows.exchange(WEBSITE_WITHOUT_OPEN_PLATFORM, WEBSITE_WITHOUT_OPEN_PLATFORM_SECRET, code),
				40029);
	}

	@Test
	void accessTokenWhenCodeUsedThen40163() {
		String code = this.flows.authorize(WEBSITE, "snsapi_login", "alice");
		assertThat(this.flows.exchange(WEBSITE, WEBSITE_SECRET, code).json().has("access_token")).isTrue();
		EmulatorHttp.Reply replay = this.flows.exchange(WEBSITE, WEBSITE_SECRET, code);
		assertError(replay, 40163);
		assertThat(replay.text("errmsg")).startsWith("code been used, rid: ");
	}

	@Test
	void accessTokenWhenQrLoginThenTokensWithUnionidAndNoErrcode() {
		EmulatorHttp.Reply reply = this.flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "alice");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).isEqualTo("application/json; encoding=utf-8");
		JsonNode body = reply.json();
		assertThat(body.has("errcode")).isFalse();
		assertThat(body.path("access_token").asString()).isNotEmpty();
		assertThat(body.path("refresh_token").asString()).isNotEmpty();
		assertThat(body.path("expires_in").asInt()).isEqualTo(7200);
		assertThat(body.path("openid").asString()).isEqualTo(this.emulator.openid(WEBSITE, "alice")).hasSize(28);
		assertThat(body.path("scope").asString()).isEqualTo("snsapi_login");
		assertThat(body.path("unionid").asString()).isEqualTo(this.emulator.unionid(WEBSITE, "alice"));
		assertThat(body.has("is_snapshotuser")).isFalse();
	}

	@Test
	void accessTokenWhenAppHasNoOpenPlatformAccountThenNoUnionid() {
		JsonNode body = this.flows
			.login(WEBSITE_WITHOUT_OPEN_PLATFORM, WEBSITE_WITHOUT_OPEN_PLATFORM_SECRET, "snsapi_login", "alice")
			.json();
		assertThat(body.path("openid").asString())
			.isEqualTo(this.emulator.openid(WEBSITE_WITHOUT_OPEN_PLATFORM, "alice"));
		assertThat(body.has("unionid")).isFalse();
	}

	@Test
	void accessTokenWhenSnsapiBaseThenOpenidWithoutUnionid() {
		JsonNode body = this.flows.login(OFFICIAL_ACCOUNT, OFFICIAL_ACCOUNT_SECRET, "snsapi_base", "bob").json();
		assertThat(body.path("openid").asString()).isEqualTo(this.emulator.openid(OFFICIAL_ACCOUNT, "bob"));
		assertThat(body.path("scope").asString()).isEqualTo("snsapi_base");
		assertThat(body.has("unionid")).isFalse();
	}

	@Test
	void accessTokenWhenSameUserInTwoAppsOfOneOpenPlatformAccountThenSameUnionidDifferentOpenids() {
		JsonNode website = this.flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "alice").json();
		JsonNode officialAccount = this.flows
			.login(OFFICIAL_ACCOUNT, OFFICIAL_ACCOUNT_SECRET, "snsapi_userinfo", "alice")
			.json();
		assertThat(officialAccount.path("unionid").asString()).isEqualTo(website.path("unionid").asString());
		assertThat(officialAccount.path("openid").asString()).isNotEqualTo(website.path("openid").asString());
	}

	@Test
	void accessTokenWhenSnapshotUserAuthorizesUserinfoThenVirtualIdsAndFlag() {
		JsonNode body = this.flows.login(OFFICIAL_ACCOUNT, OFFICIAL_ACCOUNT_SECRET, "snsapi_userinfo", "snapshot")
			.json();
		assertThat(body.path("is_snapshotuser").asInt()).isEqualTo(1);
		assertThat(body.path("openid").asString()).startsWith("ovirtual")
			.hasSize(28)
			.isNotEqualTo(this.emulator.openid(OFFICIAL_ACCOUNT, "snapshot"));
		assertThat(body.path("unionid").asString()).startsWith("ovirtual")
			.isNotEqualTo(this.emulator.unionid(OFFICIAL_ACCOUNT, "snapshot"));
	}

	@Test
	void accessTokenWhenSnapshotUserAuthorizesBaseThenRealOpenid() {
		JsonNode body = this.flows.login(OFFICIAL_ACCOUNT, OFFICIAL_ACCOUNT_SECRET, "snsapi_base", "snapshot").json();
		assertThat(body.has("is_snapshotuser")).isFalse();
		assertThat(body.path("openid").asString()).isEqualTo(this.emulator.openid(OFFICIAL_ACCOUNT, "snapshot"));
	}

	@Test
	void accessTokenWhenMobileAppCodeThenUserinfoScope() {
		String code = this.emulator.mintAppCode(MOBILE_APP, "bob");
		JsonNode body = this.flows.exchange(MOBILE_APP, MOBILE_APP_SECRET, code).json();
		assertThat(body.path("scope").asString()).isEqualTo("snsapi_userinfo");
		assertThat(body.path("openid").asString()).isEqualTo(this.emulator.openid(MOBILE_APP, "bob"));
		assertThat(body.path("unionid").asString()).isEqualTo(this.emulator.unionid(MOBILE_APP, "bob"));
	}

	@Test
	void refreshTokenWhenAppidMissingThen41002() {
		assertError(this.flows.refresh(null, "rt"), 41002);
	}

	@Test
	void refreshTokenWhenGrantTypeWrongThen40002() {
		String refreshToken = this.flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "alice").text("refresh_token");
		assertError(this.http.get(query("/sns/oauth2/refresh_token", "appid", WEBSITE, "grant_type",
				"authorization_code", "refresh_token", refreshToken)), 40002);
	}

	@Test
	void refreshTokenWhenUnknownThen40030() {
		assertError(this.flows.refresh(WEBSITE, "not-a-refresh-token"), 40030);
	}

	@Test
	void refreshTokenWhenOfAnotherAppThen40030() {
		String refreshToken = this.flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "alice").text("refresh_token");
		assertError(this.flows.refresh(WEBSITE_WITHOUT_OPEN_PLATFORM, refreshToken), 40030);
	}

	@Test
	void refreshTokenWhenAccessTokenStillValidThenSameTokensWithoutUnionid() {
		JsonNode login = this.flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "alice").json();
		JsonNode refreshed = this.flows.refresh(WEBSITE, login.path("refresh_token").asString()).json();
		assertThat(refreshed.has("errcode")).isFalse();
		assertThat(refreshed.path("access_token").asString()).isEqualTo(login.path("access_token").asString());
		assertThat(refreshed.path("refresh_token").asString()).isEqualTo(login.path("refresh_token").asString());
		assertThat(refreshed.path("expires_in").asInt()).isEqualTo(7200);
		assertThat(refreshed.path("openid").asString()).isEqualTo(login.path("openid").asString());
		assertThat(refreshed.path("scope").asString()).isEqualTo("snsapi_login");
		assertThat(refreshed.has("unionid")).isFalse();
	}

	@Test
	void userinfoWhenAccessTokenMissingThen41001() {
		assertError(this.flows.userinfo(null, "o"), 41001);
	}

	@Test
	void userinfoWhenAccessTokenUnknownThen40001() {
		EmulatorHttp.Reply reply = this.flows.userinfo("not-a-token", this.emulator.openid(WEBSITE, "alice"));
		assertError(reply, 40001);
		assertThat(reply.text("errmsg")).startsWith("invalid credential, access_token is invalid or not latest, rid: ");
	}

	@Test
	void userinfoWhenOpenidOfAnotherUserThen40003() {
		String accessToken = this.flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "alice").text("access_token");
		assertError(this.flows.userinfo(accessToken, this.emulator.openid(WEBSITE, "bob")), 40003);
	}

	@Test
	void userinfoWhenSnsapiBaseThen48001() {
		JsonNode login = this.flows.login(OFFICIAL_ACCOUNT, OFFICIAL_ACCOUNT_SECRET, "snsapi_base", "alice").json();
		EmulatorHttp.Reply reply = this.flows.userinfo(login.path("access_token").asString(),
				login.path("openid").asString());
		assertError(reply, 48001);
		assertThat(reply.text("errmsg")).startsWith("api unauthorized, rid: ");
	}

	@Test
	void userinfoWhenUserinfoScopeThenProfileInUtf8() {
		JsonNode login = this.flows.login(OFFICIAL_ACCOUNT, OFFICIAL_ACCOUNT_SECRET, "snsapi_userinfo", "alice").json();
		EmulatorHttp.Reply reply = this.flows.userinfo(login.path("access_token").asString(),
				login.path("openid").asString());
		assertThat(reply.contentType()).isEqualTo("application/json; encoding=utf-8");
		JsonNode profile = reply.json();
		assertThat(profile.has("errcode")).isFalse();
		assertThat(profile.path("openid").asString()).isEqualTo(this.emulator.openid(OFFICIAL_ACCOUNT, "alice"));
		assertThat(profile.path("nickname").asString()).isEqualTo("爱丽丝 Alice 🌸");
		assertThat(profile.path("sex").asInt()).isEqualTo(2);
		assertThat(profile.path("province").asString()).isEqualTo("Guangdong");
		assertThat(profile.path("city").asString()).isEqualTo("Shenzhen");
		assertThat(profile.path("country").asString()).isEqualTo("CN");
		assertThat(profile.path("headimgurl").asString()).isEqualTo("https://thirdwx.qlogo.cn/mmopen/vi_32/alice/132");
		assertThat(profile.path("privilege").isArray()).isTrue();
		assertThat(profile.path("privilege").size()).isZero();
		assertThat(profile.path("unionid").asString()).isEqualTo(this.emulator.unionid(OFFICIAL_ACCOUNT, "alice"));
	}

	@Test
	void userinfoWhenSnapshotUserThenVirtualOpenidAndPlaceholderProfile() {
		JsonNode login = this.flows.login(OFFICIAL_ACCOUNT, OFFICIAL_ACCOUNT_SECRET, "snsapi_userinfo", "snapshot")
			.json();
		JsonNode profile = this.flows
			.userinfo(login.path("access_token").asString(), login.path("openid").asString())
			.json();
		assertThat(profile.path("openid").asString()).isEqualTo(login.path("openid").asString()).startsWith("ovirtual");
		assertThat(profile.path("nickname").asString()).isEqualTo("微信用户");
		assertThat(profile.path("sex").asInt()).isZero();
	}

	@Test
	void authWhenAccessTokenUnknownThen40003() {
		assertError(auth("not-a-token", this.emulator.openid(WEBSITE, "alice")), 40003);
	}

	@Test
	void authWhenOpenidOfAnotherUserThen40003() {
		String accessToken = this.flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "alice").text("access_token");
		EmulatorHttp.Reply reply = auth(accessToken, this.emulator.openid(WEBSITE, "bob"));
		assertError(reply, 40003);
		assertThat(reply.text("errmsg")).startsWith("invalid openid, rid: ");
	}

	@Test
	void authWhenAccessTokenValidThenErrcode0Ok() {
		JsonNode login = this.flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "alice").json();
		EmulatorHttp.Reply reply = auth(login.path("access_token").asString(), login.path("openid").asString());
		assertThat(reply.body()).isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
	}

	private EmulatorHttp.Reply accessToken(String appid, String secret, String code, String grantType) {
		return this.http.get(query("/sns/oauth2/access_token", "appid", appid, "secret", secret, "code", code,
				"grant_type", grantType));
	}

	private EmulatorHttp.Reply auth(String accessToken, String openid) {
		return this.http.get(query("/sns/auth", "access_token", accessToken, "openid", openid));
	}

	static void assertError(EmulatorHttp.Reply reply, int errcode) {
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).isEqualTo("application/json; encoding=utf-8");
		assertThat(reply.errcode()).as(reply.body()).isEqualTo(errcode);
		assertThat(reply.text("errmsg")).matches(".+, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}");
		assertThat(reply.json().has("access_token")).isFalse();
	}

}
