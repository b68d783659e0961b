package dev.wxauth.sample.web;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.wxauth.emulator.WeChatEmulator;
import dev.wxauth.sample.resource.SampleResourceServerApplication;
import dev.wxauth.server.client.AccessTokenAudience;
import dev.wxauth.server.logout.BackChannelLogouts;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.SharedClasspath;
import dev.wxauth.server.testing.TestPorts;
import dev.wxauth.server.testing.TestPostgres;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static dev.wxauth.server.testing.Pages.matched;
import static dev.wxauth.server.testing.Pages.pause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain a person goes through, every party a real server on a real port: the sample web client →
 * wxauth (real PostgreSQL) → WeChat (the emulator) → wxauth → the web client → the sample resource server.
 */
class SampleWebClientEndToEndTests {

	static final WeChatEmulator wechat = TestWeChat.emulator();

	static RunningAuthServer authServer;

	static ConfigurableApplicationContext api;

	static ConfigurableApplicationContext web;

	static String webUrl;

	@BeforeAll
	static void start() {
		authServer = RunningAuthServer.start(TestPostgres.newDatabase("web_client"));
		int webPort = TestPorts.free();
		webUrl = "http://localhost:" + webPort;
		// its access tokens for the sample API, as the API's default audience names it
		RegisteredClient client = TestRegisteredClients.webClient()
			.clientId("e2e-web")
			.redirectUris((uris) -> {
				uris.clear();
				uris.add(webUrl + "/login/oauth2/code/wxauth");
			})
			.postLogoutRedirectUris((uris) -> {
				uris.clear();
				uris.add(webUrl + "/");
			})
			.clientSettings(ClientSettings.builder()
				.requireAuthorizationConsent(false)
				.setting(BackChannelLogouts.URI_SETTING, webUrl + "/logout/connect/back-channel/wxauth")
				.setting(AccessTokenAudience.CLIENT_SETTING, "http://localhost:8081")
				.build())
			.build();
		authServer.bean(RegisteredClientRepository.class).save(client);
		api = SampleResourceServerApplication.builder()
			.run("--server.port=0", "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + authServer.issuer(),
					SharedClasspath.excludeAuthServerAutoConfiguration());
		web = SampleWebClientApplication.builder()
			.run("--server.port=" + webPort, "--spring.security.oauth2.client.registration.wxauth.client-id=e2e-web",
					"--spring.security.oauth2.client.registration.wxauth.client-secret=" + TestRegisteredClients.SECRET,
					"--spring.security.oauth2.client.provider.wxauth.issuer-uri=" + authServer.issuer(),
					"--sample.api-url=http://localhost:" + api.getEnvironment().getProperty("local.server.port"),
					SharedClasspath.excludeAuthServerAutoConfiguration());
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable app : new AutoCloseable[] { web, api, authServer }) {
			try {
				if (app != null) {
					app.close();
				}
			}
			catch (Exception ex) {
				// keep closing the others
			}
		}
	}

	static Browser person(String user) {
		return TestWeChat.person(user, Browser.DESKTOP);
	}

	@Test
	void homeWhenSignedOutThenWeChatLoginThenClaimsAndApiAnswer() {
		Browser.Visit visit = person("alice").open(webUrl + "/", (uri) -> false);

		assertThat(visit.page().statusCode()).as(visit.hops().toString()).isEqualTo(200);
		assertThat(visit.visited((uri) -> uri.getPath().equals("/connect/qrconnect"))).isTrue();
		String page = visit.page().body();
		assertThat(page).contains("爱丽丝 Alice 🌸").contains("wechat_openid").contains(wechat.openid("wxd0000000000000a1", "alice"));
		String sub = claim(page, "sub");
		assertThat(UUID.fromString(sub)).isNotNull();
		assertThat(page).as("the API saw the same person and our client").contains("subject=" + sub).contains("client_id=e2e-web");
	}

	@Test
	void logoutWhenSignedInThenEndsTheSessionAtWxauthToo() {
		Browser browser = person("bob");
		Browser.Visit home = browser.open(webUrl + "/", (uri) -> false);
		String csrf = matched(home.page().body(), "name=\"_csrf\" value=\"([^\"]+)\"");

		Browser.Visit logout = browser.post(webUrl + "/logout", Map.of("_csrf", csrf),
				(uri) -> uri.toString().startsWith(wechat.baseUrl()));

		assertThat(logout.visited((uri) -> uri.getPath().equals("/connect/logout"))).isTrue();
		assertThat(logout.last().toString()).as("signed out at wxauth too: WeChat asked again")
			.startsWith(wechat.baseUrl() + "/connect/qrconnect");
	}

	@Test
	void logoutAtWxauthThenTheWebClientIsSignedOutOverTheBackChannel() {
		Browser browser = person("alice");
		assertThat(browser.open(webUrl + "/", (uri) -> false).page().statusCode()).isEqualTo(200);
		assertThat(staysAtTheWebClient(browser)).as("signed in at the web client").isTrue();
		// the person signs out at wxauth itself, not through the web client
		Browser.Visit confirm = browser.open(authServer.issuer() + "/connect/logout", (uri) -> false);
		String csrf = matched(confirm.page().body(), "name=\"_csrf\" value=\"([^\"]+)\"");

		browser.post(authServer.issuer() + "/logout", Map.of("_csrf", csrf), (uri) -> false);

		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (staysAtTheWebClient(browser) && System.nanoTime() < deadline) {
			pause(Duration.ofMillis(100));
		}
		Browser.Visit home = browser.open(webUrl + "/", (uri) -> uri.toString().startsWith(wechat.baseUrl()));
		assertThat(home.visited((uri) -> uri.toString().startsWith(authServer.issuer() + "/oauth2/authorize")))
			.as("the web client's session ended: it asks wxauth again " + home.hops())
			.isTrue();
		assertThat(home.last().toString()).as("and wxauth asks WeChat").startsWith(wechat.baseUrl() + "/connect/qrconnect");
	}

	/** Whether the web client answers its home page itself, without sending the browser to wxauth. */
	static boolean staysAtTheWebClient(Browser browser) {
		return browser.open(webUrl + "/", (uri) -> !uri.toString().startsWith(webUrl)).page() != null;
	}


	static String claim(String page, String name) {
		return matched(page, "<td>" + name + "</td><td>([^<]+)</td>");
	}


}
