package dev.wxauth.server.admin;

import java.time.Duration;
import java.util.function.Supplier;

import dev.wxauth.emulator.PushReply;
import dev.wxauth.emulator.PushRequest;
import dev.wxauth.emulator.WeChatEmulator;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.TestPostgres;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static dev.wxauth.server.admin.ClientAdminApiTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/v1/wechat-apps} on two instances of one database, as a team runs them: an app added or changed
 * through one is used by logins at the other within the refresh interval, without restart. The emulator plays
 * WeChat's platform, where an AppSecret is reset or frozen and an IP allow-list set.
 */
@ExtendWith(OutputCaptureExtension.class)
class WeChatAppAdminApiTests {

	static final String APPS = "/admin/v1/wechat-apps";

	/** A mini-program the emulator knows and the dev configuration does not. */
	static final String SHOP_APPID = "wxd0000000000000c3";

	static final String SHOP_SECRET = "secret-mini-c3";

	/** A website app the emulator knows and the dev configuration does not. */
	static final String SITE_APPID = "wxd0000000000000b1";

	static RunningAuthServer first;

	static RunningAuthServer second;

	static Http firstHttp;

	static Http secondHttp;

	final WeChatEmulator wechat = TestWeChat.emulator();

	@BeforeAll
	static void start() {
		TestPostgres.Database database = TestPostgres.newDatabase("wechat_app_admin");
		first = RunningAuthServer.start(database, "wxauth.wechat.apps-refresh-interval=200ms");
		second = RunningAuthServer.start(database, "wxauth.wechat.apps-refresh-interval=200ms");
		firstHttp = new Http(first.issuer());
		secondHttp = new Http(second.issuer());
	}

	@AfterAll
	static void stop() {
		second.close();
		first.close();
	}

	@AfterEach
	void restoreWeChatsPlatform() {
		this.wechat.resetSecret(SHOP_APPID, SHOP_SECRET);
		this.wechat.resetSecret(SITE_APPID, "secret-website-b1");
		this.wechat.allowIps(SHOP_APPID);
		AdminApiTestClient admin = admin(firstHttp);
		JsonNode clients = admin.get("/admin/v1/clients?limit=200").json().get("items");
		clients.forEach((client) -> {
			if (client.has("wechat_app") && client.get("wechat_app").asString().startsWith("t-")) {
				admin.delete("/admin/v1/clients/" + client.get("client_id").asString());
			}
		});
		admin.get(APPS + "?limit=200").json().get("items").forEach((app) -> {
			if (app.get("source").asString().equals("database")) {
				admin.delete(APPS + "/" + app.get("name").asString());
			}
		});
	}

	static AdminApiTestClient admin(Http http) {
		return AdminApiTestClient.as(http, "wxauth.admin");
	}

	static Http.Response addShop(AdminApiTestClient admin, String name) {
		return admin.post(APPS, """
				{"name": "%s", "kind": "mini-program", "appid": "%s", "secret": "%s"}"""
			.formatted(name, SHOP_APPID, SHOP_SECRET));
	}

	CodeGrantClient shopClient(RunningAuthServer server, String clientId) {
		return new CodeGrantClient(server.issuer(), WeChatGrantTypes.MINI_PROGRAM.getValue(),
				server.bean(RegisteredClientRepository.class).findByClientId(clientId));
	}

	void registerShopClient(AdminApiTestClient admin, String clientId, String app) {
		Http.Response created = admin.post("/admin/v1/clients", """
				{"client_id": "%s", "token_endpoint_auth_method": "none", "wechat_app": "%s",
				 "grant_types": ["urn:wxauth:params:oauth:grant-type:wechat-mini-program", "refresh_token"],
				 "scope": "openid profile"}""".formatted(clientId, app));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	Http.Response shopLogin(CodeGrantClient client) {
		return client.login(this.wechat.mintJsCode(SHOP_APPID, "alice"));
	}

	/** What {@code attempt} answers once it answers {@code status}: the refresh interval is 200 ms here. */
	static Http.Response within5Seconds(Supplier<Http.Response> attempt, int status) {
		return Http.eventually(attempt, status, Duration.ofSeconds(5));
	}

	@Test
	void createThenShownWithoutSecretBesideTheEnvironmentsAppsAndAudited(CapturedOutput output) {
		AdminApiTestClient admin = admin(firstHttp);

		Http.Response created = addShop(admin, "t-shop");

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo(APPS + "/t-shop");
		assertThat(created.json().get("kind").asString()).isEqualTo("mini-program");
		assertThat(created.json().get("source").asString()).isEqualTo("database");
		assertThat(created.json().get("read_only").asBoolean()).isFalse();
		assertThat(created.json().has("secret")).isFalse();
		Http.Response list = admin.get(APPS);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().get("items").valueStream().map((app) -> app.get("name").asString()))
			.containsExactly("mini-program", "mobile-app", "official-account", "t-shop", "website");
		Http.Response website = admin.get(APPS + "/website");
		assertThat(website.json().get("source").asString()).isEqualTo("environment");
		assertThat(website.json().get("read_only").asBoolean()).isTrue();
		assertThat(admin.get(APPS + "?kind=mini-program").json().get("items")).hasSize(2);
		Http.Response page = admin.get(APPS + "?limit=2");
		assertThat(page.json().get("items")).hasSize(2);
		assertThat(admin.get(APPS + "?limit=2&cursor=" + page.json().get("next_cursor").asString()).json()
			.get("items")
			.get(0)
			.get("name")
			.asString()).isEqualTo("official-account");
		assertThat(list.body() + website.body()).doesNotContain(SHOP_SECRET, "secret-website-a1");
		assertThat(admin.get("/admin/v1/audit-events?resource_type=wechat_app&resource_id=t-shop").body())
			.contains("\"action\":\"create\"", "\"actor\":\"wxauth-admin\"")
			.doesNotContain(SHOP_SECRET);
		byte[] stored = first.bean(JdbcOperations.class)
			.queryForObject("SELECT secret_encrypted FROM wechat_apps WHERE name = 't-shop'", byte[].class);
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(SHOP_SECRET);
		assertThat(output.getAll()).doesNotContain(SHOP_SECRET);
	}

	@Test
	void addedAndRotatedAtOneInstanceThenUsedByTheNextLoginAtTheOther() {
		AdminApiTestClient admin = admin(firstHttp);
		assertThat(addShop(admin, "t-shop").status()).isEqualTo(201);
		registerShopClient(admin, "t-shop-client", "t-shop");
		CodeGrantClient atSecond = shopClient(second, "t-shop-client");

		Http.Response login = within5Seconds(() -> shopLogin(atSecond), 200);

		assertThat(login.status()).as("the second instance reads the app added at the first")
			.as(login.toString())
			.isEqualTo(200);

		// the team resets the AppSecret on WeChat's platform: the old one stops working at once
		this.wechat.resetSecret(SHOP_APPID, "secret-mini-c3-reset");
		assertThat(shopLogin(atSecond).status()).isNotEqualTo(200);

		Http.Response rotated = admin.post(APPS + "/t-shop/secret", "{\"secret\": \"secret-mini-c3-reset\"}");

		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		assertThat(rotated.body()).doesNotContain("secret-mini-c3-reset");
		Http.Response afterRotation = within5Seconds(() -> shopLogin(atSecond), 200);
		assertThat(afterRotation.status()).as(afterRotation.toString()).isEqualTo(200);
		assertThat(admin.get("/admin/v1/audit-events?resource_type=wechat_app&action=rotate-secret").body())
			.contains("t-shop")
			.doesNotContain("secret-mini-c3-reset");
	}

	@Test
	void disabledThenItsLoginsRefusedEverywhereUntilEnabled() {
		AdminApiTestClient admin = admin(firstHttp);
		addShop(admin, "t-shop");
		registerShopClient(admin, "t-shop-client", "t-shop");
		CodeGrantClient atSecond = shopClient(second, "t-shop-client");
		assertThat(within5Seconds(() -> shopLogin(atSecond), 200).status()).isEqualTo(200);

		Http.Response disabled = admin.patch(APPS + "/t-shop", "{\"disabled\": true}");

		assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
		assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
		Http.Response refused = within5Seconds(() -> shopLogin(atSecond), 400);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("error").asString()).isEqualTo("unauthorized_client");
		assertThat(shopLogin(shopClient(first, "t-shop-client")).status()).as("at once where it was disabled")
			.isEqualTo(400);
		assertThat(admin.patch(APPS + "/t-shop", "{\"disabled\": false}").status()).isEqualTo(200);
		assertThat(within5Seconds(() -> shopLogin(atSecond), 200).status()).isEqualTo(200);
	}

	@Test
	void websiteAppAddedThenItsBrowserLoginStartsAtTheOtherInstance() {
		String start = "/oauth2/authorization/t-site";
		Http.Response before = secondHttp.get(start);
		assertThat(before.status()).as(before.toString()).isBetween(400, 499);

		Http.Response created = admin(firstHttp).post(APPS, """
				{"name": "t-site", "kind": "website", "appid": "%s", "secret": "secret-website-b1"}"""
			.formatted(SITE_APPID));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Http.Response redirect = within5Seconds(() -> secondHttp.get(start), 302);
		assertThat(redirect.status()).as(redirect.toString()).isEqualTo(302);
		assertThat(redirect.header("Location")).contains("/connect/qrconnect", "appid=" + SITE_APPID);
	}

	@Test
	void checkThenWeChatsAnswerInWords() {
		AdminApiTestClient admin = admin(firstHttp);
		addShop(admin, "t-shop");
		admin.post(APPS, """
				{"name": "t-site", "kind": "website", "appid": "%s", "secret": "secret-website-b1"}"""
			.formatted(SITE_APPID));

		assertCheck(admin, "t-shop", "ok", null);
		assertCheck(admin, "t-site", "ok", null);
		assertCheck(admin, "website", "ok", null);

		this.wechat.resetSecret(SHOP_APPID, "secret-mini-c3-reset");
		this.wechat.resetSecret(SITE_APPID, "secret-website-b1-reset");
		assertThat(assertCheck(admin, "t-shop", "wrong-secret", 40125).get("detail").asString())
			.contains("AppSecret");
		assertCheck(admin, "t-site", "wrong-secret", 40125);

		this.wechat.resetSecret(SHOP_APPID, SHOP_SECRET);
		this.wechat.freezeSecret(SHOP_APPID, true);
		assertThat(assertCheck(admin, "t-shop", "secret-frozen", 40243).get("detail").asString()).contains("frozen");

		this.wechat.resetSecret(SHOP_APPID, SHOP_SECRET);
		this.wechat.allowIps(SHOP_APPID, "192.0.2.1");
		assertThat(assertCheck(admin, "t-shop", "ip-not-allowed", 40164).get("detail").asString())
			.contains("allow-list");
	}

	private static JsonNode assertCheck(AdminApiTestClient admin, String app, String outcome, Integer errcode) {
		Http.Response checked = admin.post(APPS + "/" + app + "/check", null);
		assertThat(checked.status()).as(checked.toString()).isEqualTo(200);
		assertThat(checked.json().get("outcome").asString()).as(checked.body()).isEqualTo(outcome);
		assertThat(checked.json().get("ok").asBoolean()).isEqualTo(errcode == null);
		if (errcode != null) {
			assertThat(checked.json().get("errcode").asInt()).isEqualTo(errcode);
		}
		return checked.json();
	}

	@Test
	void secretThatDoesNotDecryptThenShownAsSuchCheckRefusedAndSettingItAgainRepairsIt() {
		AdminApiTestClient admin = admin(firstHttp);
		addShop(admin, "t-shop");
		// as if stored under another master key
		first.bean(JdbcOperations.class)
			.update("UPDATE wechat_apps SET secret_encrypted = decode('01000102030405060708090a0b0c0d0e0f', 'hex')"
					+ " WHERE name = 't-shop'");

		Http.Response shown = admin.get(APPS + "/t-shop");

		assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
		assertThat(shown.json().get("secret_readable").asBoolean()).isFalse();
		assertThat(admin.get(APPS).json().get("items").valueStream().map((app) -> app.get("name").asString()))
			.contains("t-shop");
		assertProblem(admin.post(APPS + "/t-shop/check", null), 409, "name");
		Http.Response repaired = admin.post(APPS + "/t-shop/secret", "{\"secret\": \"" + SHOP_SECRET + "\"}");
		assertThat(repaired.status()).as(repaired.toString()).isEqualTo(200);
		assertThat(repaired.json().get("secret_readable").asBoolean()).isTrue();
		assertCheck(admin, "t-shop", "ok", null);
	}

	@Test
	void pushSettingsWhenSetThenShownAsSetOnlyEncryptedAtRestAuditedAndTakenAtTheOtherInstance(CapturedOutput output) {
		AdminApiTestClient admin = admin(firstHttp);
		String token = "shopPushToken7";
		String key = "ShopEncodingAESKey0123456789abcdefghijklmno";
		Http.Response created = admin.post(APPS, """
				{"name": "t-shop", "kind": "mini-program", "appid": "%s", "secret": "%s", "push_token": "%s",
				 "encoding_aes_key": "%s"}""".formatted(SHOP_APPID, SHOP_SECRET, token, key));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().get("push_token_set").asBoolean()).isTrue();
		assertThat(created.json().get("encoding_aes_key_set").asBoolean()).isTrue();

		Http.Response plaintextOnly = admin.put(APPS + "/t-shop/push", "{\"push_token\": \"" + token + "\"}");

		assertThat(plaintextOnly.status()).as(plaintextOnly.toString()).isEqualTo(200);
		assertThat(plaintextOnly.json().get("push_token_set").asBoolean()).isTrue();
		assertThat(plaintextOnly.json().get("encoding_aes_key_set").asBoolean()).isFalse();
		// WeChat's pushes for the app are taken at the other instance within the refresh interval
		this.wechat.configurePush(SHOP_APPID, second.issuer() + "/wechat/events/t-shop", token, null);
		PushReply pushed = this.wechat.push(PushRequest.aboutOpenid(SHOP_APPID, "user_info_modified", "o-nobody"));
		for (int attempt = 0; attempt < 50 && pushed.status() != 200; attempt++) {
			sleep(100);
			pushed = this.wechat.push(PushRequest.aboutOpenid(SHOP_APPID, "user_info_modified", "o-nobody"));
		}
		assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
		assertThat(admin.get(APPS + "/website").json().get("push_token_set").asBoolean())
			.as("the dev apps have the dev push token")
			.isTrue();
		byte[][] stored = first.bean(JdbcOperations.class)
			.queryForObject("SELECT push_token_encrypted, encoding_aes_key_encrypted FROM wechat_apps WHERE name = 't-shop'",
					(rs, row) -> new byte[][] { rs.getBytes(1), rs.getBytes(2) });
		assertThat(new String(stored[0], java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(token);
		assertThat(stored[1]).isNull();

		Http.Response removed = admin.delete(APPS + "/t-shop/push");

		assertThat(removed.status()).isEqualTo(200);
		assertThat(removed.json().get("push_token_set").asBoolean()).isFalse();
		assertThat(created.body() + plaintextOnly.body() + removed.body()
				+ admin.get("/admin/v1/audit-events?resource_type=wechat_app&resource_id=t-shop").body()
				+ output.getAll()).doesNotContain(token, key);
		assertThat(admin.get("/admin/v1/audit-events?resource_type=wechat_app&resource_id=t-shop").body())
			.contains("\"action\":\"set-push\"", "\"action\":\"remove-push\"");
	}

	@Test
	void pushSettingsWhenWrongThenEachNamedAndAnEnvironmentsAppsConflict() {
		AdminApiTestClient admin = admin(firstHttp);

		assertProblem(admin.post(APPS, """
				{"name": "t-shop", "kind": "mini-program", "appid": "%s", "secret": "%s", "push_token": "ab",
				 "encoding_aes_key": "short"}""".formatted(SHOP_APPID, SHOP_SECRET)), 400, "push_token",
				"encoding_aes_key");
		assertProblem(admin.post(APPS, """
				{"name": "t-shop", "kind": "mini-program", "appid": "%s", "secret": "%s",
				 "encoding_aes_key": "ShopEncodingAESKey0123456789abcdefghijklmno"}""".formatted(SHOP_APPID,
				SHOP_SECRET)), 400, "push_token");
		assertThat(addShop(admin, "t-shop").status()).isEqualTo(201);
		assertThat(admin.get(APPS + "/t-shop").json().get("push_token_set").asBoolean()).isFalse();
		assertProblem(admin.put(APPS + "/t-shop/push", "{}"), 400, "push_token");
		assertProblem(admin.put(APPS + "/t-shop/push", null), 400, "push_token");
		assertProblem(admin.put(APPS + "/t-shop/push", "{\"push_token\": \"has space\"}"), 400, "push_token");
		assertProblem(admin.put(APPS + "/t-shop/push", "{\"push_token\": \"t0ken\", \"colour\": 1}"), 400,
				"colour");
		assertProblem(admin.put(APPS + "/website/push", "{\"push_token\": \"t0ken\"}"), 409, "name");
		assertProblem(admin.delete(APPS + "/website/push"), 409, "name");
		assertProblem(admin.put(APPS + "/t-nothing/push", "{\"push_token\": \"t0ken\"}"), 404);
		assertProblem(AdminApiTestClient.as(firstHttp, "wxauth.admin.read").put(APPS + "/t-shop/push",
				"{\"push_token\": \"t0ken\"}"), 403);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void createWhenFieldsWrongThenEachNamed() {
		AdminApiTestClient admin = admin(firstHttp);

		assertProblem(admin.post(APPS, """
				{"name": "Shop App", "kind": "applet", "appid": "wx123", "secret": "short"}"""), 400, "name", "kind",
				"appid", "secret");
		assertProblem(admin.post(APPS, """
				{"name": "t-shop", "kind": "mini-program", "appid": "%s", "secret": "%s", "scope": "snsapi_base"}"""
			.formatted(SHOP_APPID, SHOP_SECRET)), 400, "scope");
		assertProblem(admin.post(APPS, """
				{"name": "t-oa", "kind": "official-account", "appid": "%s", "secret": "%s", "scope": "snsapi_login"}"""
			.formatted(SHOP_APPID, SHOP_SECRET)), 400, "scope");
		assertProblem(admin.post(APPS, "{\"name\": \"t-shop\", \"colour\": \"red\"}"), 400, "colour");
		assertProblem(admin.post(APPS, "{}"), 400, "name", "kind", "appid", "secret");
		assertProblem(admin.post(APPS, "[]"), 400, "body");
		assertProblem(admin.get(APPS + "?kind=applet"), 400, "kind");
	}

	@Test
	void changeWhenNotAllowedThenConflictOrNamedField() {
		AdminApiTestClient admin = admin(firstHttp);
		assertProblem(addShop(admin, "website"), 409, "name");
		assertProblem(admin.post(APPS, """
				{"name": "t-copy", "kind": "mini-program", "appid": "wxd0000000000000a3", "secret": "%s"}"""
			.formatted(SHOP_SECRET)), 409, "appid");
		assertThat(addShop(admin, "t-shop").status()).isEqualTo(201);
		assertProblem(addShop(admin, "t-shop"), 409, "appid");
		assertProblem(admin.patch(APPS + "/website", "{\"disabled\": true}"), 409, "name");
		assertProblem(admin.post(APPS + "/website/secret", "{\"secret\": \"another-secret\"}"), 409, "name");
		assertProblem(admin.delete(APPS + "/website"), 409, "name");
		assertProblem(admin.patch(APPS + "/t-shop", "{\"appid\": \"wxd0000000000000a4\"}"), 400, "appid");
		assertProblem(admin.patch(APPS + "/t-shop", "{\"secret\": \"another-secret\"}"), 400, "secret");
		assertProblem(admin.patch(APPS + "/t-shop", "{\"disabled\": \"yes\"}"), 400, "disabled");
		assertProblem(admin.post(APPS + "/t-shop/secret", "{}"), 400, "secret");
		assertProblem(admin.post(APPS + "/t-shop/secret", null), 400, "secret");
		assertProblem(admin.get(APPS + "/t-nothing"), 404);
		assertProblem(admin.post(APPS + "/t-nothing/check", null), 404);
		assertProblem(admin.delete(APPS + "/t-nothing"), 404);
		assertProblem(AdminApiTestClient.as(firstHttp, "wxauth.admin.read").post(APPS + "/t-shop/check", null), 403);
	}

	@Test
	void deleteWhenClientsBoundThenConflictNamingThemElseGoneEverywhere() {
		AdminApiTestClient admin = admin(firstHttp);
		addShop(admin, "t-shop");
		registerShopClient(admin, "t-shop-client", "t-shop");

		Http.Response refused = admin.delete(APPS + "/t-shop");

		assertProblem(refused, 409, "name");
		assertThat(refused.json().get("detail").asString()).contains("t-shop-client");
		assertThat(admin.delete("/admin/v1/clients/t-shop-client").status()).isEqualTo(204);
		assertThat(admin.delete(APPS + "/t-shop").status()).isEqualTo(204);
		assertProblem(admin.get(APPS + "/t-shop"), 404);
		assertProblem(admin.post("/admin/v1/clients", """
				{"token_endpoint_auth_method": "none", "wechat_app": "t-shop",
				 "grant_types": ["urn:wxauth:params:oauth:grant-type:wechat-mini-program"]}"""), 400, "wechat_app");
	}

}
