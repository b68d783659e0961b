package dev.wxauth.server.admin;

import java.net.URI;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.wechat.WeChatApps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static dev.wxauth.server.admin.ClientAdminApiTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A web client that names its WeChat login apps ({@code wechat_login_apps}) signs people in through those only: its
 * signed-out browsers go to that app's QR page, and a session that came through another of our apps signs in again
 * for it. The app is one added through the admin API, a website app the dev configuration lacks.
 */
@AuthServerTest
class WeChatLoginAppsTests {

	static final String SITE = "t-login-site";

	static final String SITE_APPID = "wxd0000000000000b1";

	static final String DEFAULT_SITE_APPID = "wxd0000000000000a1";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	AdminApiTestClient admin;

	@BeforeEach
	void addTheApp() {
		this.admin = AdminApiTestClient.as(this.fixture.http(), "wxauth.admin");
		Http.Response created = this.admin.post("/admin/v1/wechat-apps", """
				{"name": "%s", "kind": "website", "appid": "%s", "secret": "secret-website-b1"}"""
			.formatted(SITE, SITE_APPID));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	@AfterEach
	void removeTheApp() {
		this.admin.get("/admin/v1/clients?wechat_app=" + SITE + "&limit=200")
			.json()
			.get("items")
			.forEach((client) -> this.admin.delete("/admin/v1/clients/" + client.get("client_id").asString()));
		assertThat(this.admin.delete("/admin/v1/wechat-apps/" + SITE).status()).isEqualTo(204);
	}

	OidcTestClient clientOf(String loginApps) {
		return this.fixture.webClient(TestRegisteredClients.webClient()
			.clientSettings(ClientSettings.builder()
				.requireAuthorizationConsent(false)
				.setting(WeChatApps.LOGIN_APPS_SETTING, loginApps)
				.build()));
	}

	static boolean wentThrough(Browser.Visit visit, String appid) {
		return visit.visited((URI uri) -> uri.getPath().startsWith("/connect/")
				&& uri.getQuery() != null && uri.getQuery().contains("appid=" + appid));
	}

	@Test
	void signedOutThenTheClientsAppsQrPageAndTheLoginCompletes() {
		OidcTestClient client = clientOf(SITE);
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit visit = browser.open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(wentThrough(visit, SITE_APPID)).as(visit.hops().toString()).isTrue();
		assertThat(wentThrough(visit, DEFAULT_SITE_APPID)).isFalse();
		assertThat(OidcTestClient.parameters(visit.last())).containsKey("code");
	}

	@Test
	void sessionThroughAnotherAppThenSignsInAgainThroughTheClientsApp() {
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		OidcTestClient anyApp = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser.Visit first = browser.open(anyApp.authorizationUrl("openid"), anyApp::isRedirectUri);
		assertThat(wentThrough(first, DEFAULT_SITE_APPID)).as(first.hops().toString()).isTrue();
		OidcTestClient restricted = clientOf(SITE);

		Browser.Visit second = browser.open(restricted.authorizationUrl("openid"), restricted::isRedirectUri);

		assertThat(wentThrough(second, SITE_APPID)).as(second.hops().toString()).isTrue();
		assertThat(OidcTestClient.parameters(second.last())).containsKey("code");
		Browser.Visit third = browser.open(restricted.authorizationUrl("openid"), restricted::isRedirectUri);
		assertThat(third.visited((uri) -> uri.getPath().startsWith("/connect/"))).as("its own app's session serves")
			.isFalse();
	}

	@Test
	void promptNoneWhenTheSessionCameThroughAnotherAppThenLoginRequired() {
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		OidcTestClient anyApp = this.fixture.webClient(TestRegisteredClients.webClient());
		browser.open(anyApp.authorizationUrl("openid"), anyApp::isRedirectUri);
		OidcTestClient restricted = clientOf(SITE);

		Browser.Visit silent = browser.open(restricted.authorizationUrl("openid") + "&prompt=none",
				restricted::isRedirectUri);

		assertThat(OidcTestClient.parameters(silent.last())).containsEntry("error", "login_required");
	}

	@Test
	void adminApiWhenLoginAppsNameNoBrowserAppThenEachNamedAndAnAppInUseIsKept() {
		Http.Response refused = this.admin.post("/admin/v1/clients", """
				{"redirect_uris": ["https://client.example/cb"], "scope": "openid",
				 "wechat_login_apps": ["%s", "mini-program", "nothing", "%s"]}""".formatted(SITE, SITE));

		assertProblem(refused, 400, "wechat_login_apps[1]", "wechat_login_apps[2]", "wechat_login_apps[3]");
		assertProblem(this.admin.post("/admin/v1/clients", """
				{"grant_types": ["client_credentials"], "wechat_login_apps": ["%s"]}""".formatted(SITE)), 400,
				"wechat_login_apps");
		Http.Response created = this.admin.post("/admin/v1/clients", """
				{"redirect_uris": ["https://client.example/cb"], "scope": "openid",
				 "wechat_login_apps": ["%s", "official-account"]}""".formatted(SITE));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().get("wechat_login_apps").get(0).asString()).isEqualTo(SITE);
		Http.Response inUse = this.admin.delete("/admin/v1/wechat-apps/" + SITE);
		assertProblem(inUse, 409, "name");
		assertThat(inUse.json().get("detail").asString()).contains(created.json().get("client_id").asString());
	}

}
