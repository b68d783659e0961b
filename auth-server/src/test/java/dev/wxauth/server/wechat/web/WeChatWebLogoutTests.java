package dev.wxauth.server.wechat.web;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RP-initiated logout after a web login: back to the client's registered page, and the next login through WeChat.
 */
@AuthServerTest
class WeChatWebLogoutTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void logoutWhenIdTokenHintAndRegisteredPostLogoutUriThenRedirectsThere() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		JsonNode tokens = this.fixture.signIn(client, browser, "openid");
		String logout = UriComponentsBuilder.fromUriString(this.fixture.issuer() + "/connect/logout")
			.queryParam("id_token_hint", tokens.get("id_token").asString())
			.queryParam("post_logout_redirect_uri", "https://client.example/signed-out")
			.queryParam("state", "bye")
			.toUriString();

		Browser.Visit visit = browser.open(logout, (uri) -> uri.getHost().equals("client.example"));

		assertThat(visit.last().toString()).startsWith("https://client.example/signed-out").contains("state=bye");
		// signed out: the next authorization goes through WeChat again
		Browser.Visit again = browser.open(client.authorizationUrl("openid"), client::isRedirectUri);
		assertThat(again.visited(this.fixture::isWeChatPage)).isTrue();
	}

}
