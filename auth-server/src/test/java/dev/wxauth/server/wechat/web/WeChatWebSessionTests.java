package dev.wxauth.server.wechat.web;

import java.net.URI;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.testing.WeChatLoginFixture.Calls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static dev.wxauth.server.testing.WeChatLoginFixture.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our server session around the web login: none for API clients or before sign-in, reused once signed in.
 */
@AuthServerTest
class WeChatWebSessionTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void protectedEndpointWhenApiClientRefusedThenNothingSavedInCookies() {
		Http.Response response = this.fixture.http().get("/userinfo", "Accept", "application/json");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("Set-Cookie")).isNull();
	}

	@Test
	void loginWhenOnTheWayToWeChatThenNoServerSessionUntilSignedIn() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		URI callback = browser.open(client.authorizationUrl("openid"), this.fixture::isOurCallback).last();
		assertThat(browser.cookie(SESSION_COOKIE)).as("no session before the login").isEmpty();
		assertThat(parameters(browser.open(callback.toString(), client::isRedirectUri).last())).containsKey("code");

		assertThat(browser.cookie(SESSION_COOKIE)).as("the signed-in session").isPresent();
	}

	@Test
	void authorizeWhenAlreadySignedInThenCodeWithoutGoingToWeChat() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		JsonNode first = this.fixture.signIn(client, browser, "openid");
		Calls exchanges = this.fixture.callsTo("/sns/oauth2/access_token");

		Browser.Visit again = browser.open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(again.visited(this.fixture::isWeChatPage)).as(again.hops().toString()).isFalse();
		assertThat(exchanges.count()).isZero();
		Http.Response tokens = client.redeem(parameters(again.last()).get("code"));
		assertThat(tokens.status()).isEqualTo(200);
		assertThat(this.fixture.idToken(tokens.json()).getSubject())
			.isEqualTo(this.fixture.idToken(first).getSubject());
	}

}
