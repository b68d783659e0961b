package dev.wxauth.server.wechat.web;

import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.web.util.UriComponentsBuilder;

import static dev.wxauth.server.testing.Pages.matched;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RP-initiated logout after a web login (OpenID Connect RP-Initiated Logout 1.0): any ID token the client got for
 * the session names it, the browser session ends, the refresh tokens issued through that session stop working, and
 * without an ID token the person confirms.
 */
@AuthServerTest
class WeChatWebLogoutTests {

	private static final String SIGNED_OUT = "https://client.example/signed-out";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void logoutWhenIdTokenHintAndRegisteredPostLogoutUriThenRedirectsThere() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		JsonNode tokens = this.fixture.signIn(client, browser, "openid");

		Browser.Visit visit = browser.open(logout(tokens.get("id_token").asString(), "bye"),
				(uri) -> uri.getHost().equals("client.example"));

		assertThat(visit.last().toString()).startsWith(SIGNED_OUT).contains("state=bye");
		assertSignedOut(client, browser);
	}

	@Test
	void signInWhenWebLoginThenIdTokenNamesTheBrowserSession() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser desktop = this.fixture.person("alice", Browser.DESKTOP);
		Browser laptop = this.fixture.person("alice", Browser.DESKTOP);

		String desktopSid = (String) this.fixture.idToken(this.fixture.signIn(client, desktop, "openid")).getClaim("sid");
		String laptopSid = (String) this.fixture.idToken(this.fixture.signIn(client, laptop, "openid")).getClaim("sid");
		String desktopAgain = (String) this.fixture.idToken(this.fixture.signIn(client, desktop, "openid"))
			.getClaim("sid");

		assertThat(desktopSid).isNotBlank().isEqualTo(desktopAgain);
		assertThat(laptopSid).isNotBlank().isNotEqualTo(desktopSid);
	}

	@Test
	void logoutWhenIdTokenHintSupersededByRefreshThenStillSignsOut() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		JsonNode tokens = this.fixture.signIn(client, browser, "openid");
		Http.Response refreshed = client.refresh(tokens.get("refresh_token").asString());
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		JWTClaimsSet newIdToken = this.fixture.idToken(refreshed.json());
		assertThat(newIdToken.getClaim("sid")).isEqualTo(this.fixture.idToken(tokens).getClaim("sid"));

		Browser.Visit visit = browser.open(logout(tokens.get("id_token").asString(), "bye"),
				(uri) -> uri.getHost().equals("client.example"));

		assertThat(visit.last().toString()).as(visit.hops().toString()).startsWith(SIGNED_OUT);
		assertSignedOut(client, browser);
	}

	@Test
	void logoutThenRefreshTokensOfThatSessionRevokedAndOthersKept() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser leaving = this.fixture.person("alice", Browser.DESKTOP);
		Browser staying = this.fixture.person("alice", Browser.DESKTOP);
		JsonNode leavingTokens = this.fixture.signIn(client, leaving, "openid");
		JsonNode stayingTokens = this.fixture.signIn(client, staying, "openid");
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		Http.Response miniProgramLogin = miniProgram
			.login(this.fixture.wechat().mintJsCode(WeChatLoginFixture.MINI_PROGRAM, "alice"));
		assertThat(miniProgramLogin.status()).as(miniProgramLogin.toString()).isEqualTo(200);

		leaving.open(logout(leavingTokens.get("id_token").asString(), "bye"),
				(uri) -> uri.getHost().equals("client.example"));

		assertThat(client.refresh(leavingTokens.get("refresh_token").asString()).status()).isEqualTo(400);
		assertThat(client.refresh(stayingTokens.get("refresh_token").asString()).status()).isEqualTo(200);
		assertThat(miniProgram.refresh(miniProgramLogin.json().get("refresh_token").asString()).status())
			.isEqualTo(200);
		Browser.Visit again = staying.open(client.authorizationUrl("openid"), client::isRedirectUri);
		assertThat(again.visited(this.fixture::isWeChatPage)).as("the other browser stays signed in").isFalse();
	}

	@Test
	void logoutWhenNoIdTokenHintThenPersonConfirmsInTheirLanguage() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP).acceptLanguage("zh-CN,zh;q=0.9");
		JsonNode tokens = this.fixture.signIn(client, browser, "openid");

		Browser.Visit confirm = browser.open(this.fixture.issuer() + "/connect/logout", (uri) -> false);

		assertThat(confirm.page().statusCode()).isEqualTo(200);
		assertThat(confirm.page().body()).contains("退出").contains("<form").contains("method=\"post\"");
		String csrf = matched(confirm.page().body(), "name=\"_csrf\" value=\"([^\"]+)\"");
		// still signed in until the person confirms
		assertThat(browser.open(client.authorizationUrl("openid"), client::isRedirectUri)
			.visited(this.fixture::isWeChatPage)).isFalse();

		Browser.Visit done = browser.post(this.fixture.issuer() + "/logout", Map.of("_csrf", csrf),
				(uri) -> false);

		assertThat(done.page().statusCode()).isEqualTo(200);
		assertThat(done.page().body()).contains("已退出");
		assertThat(client.refresh(tokens.get("refresh_token").asString()).status()).isEqualTo(400);
		assertSignedOut(client, browser);
	}

	@Test
	void logoutWhenNoIdTokenHintInEnglishAndForgedPostThenStillSignedIn() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP).acceptLanguage("en-US,en;q=0.9");
		this.fixture.signIn(client, browser, "openid");

		Browser.Visit confirm = browser.open(this.fixture.issuer() + "/connect/logout", (uri) -> false);
		assertThat(confirm.page().body()).contains("Sign out");

		Browser.Visit forged = browser.post(this.fixture.issuer() + "/logout", Map.of(), (uri) -> false);
		assertThat(forged.page().statusCode()).isEqualTo(403);
		assertThat(browser.open(client.authorizationUrl("openid"), client::isRedirectUri)
			.visited(this.fixture::isWeChatPage)).isFalse();
	}

	private String logout(String idTokenHint, String state) {
		return UriComponentsBuilder.fromUriString(this.fixture.issuer() + "/connect/logout")
			.queryParam("id_token_hint", idTokenHint)
			.queryParam("post_logout_redirect_uri", SIGNED_OUT)
			.queryParam("state", state)
			.toUriString();
	}

	/** The next authorization goes through WeChat again. */
	private void assertSignedOut(OidcTestClient client, Browser browser) {
		Browser.Visit again = browser.open(client.authorizationUrl("openid"), client::isRedirectUri);
		assertThat(again.visited(this.fixture::isWeChatPage)).isTrue();
	}

}
