package dev.wxauth.server.oidc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization endpoint's OpenID Connect and RFC 9207 rules, over real HTTP with a browser: {@code prompt},
 * {@code max_age}, the {@code iss} of every response, and the errors a client is told by redirect.
 */
@AuthServerTest
class AuthorizationEndpointTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void authorizeWhenPromptNoneAndSignedOutThenLoginRequiredAtTheClient() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit visit = browser.open(client.authorizationUrl("openid") + "&prompt=none", client::isRedirectUri);

		assertThat(visit.visited(this.fixture::isWeChatPage)).isFalse();
		Map<String, String> response = parameters(visit.last());
		assertThat(response).containsEntry("error", "login_required")
			.containsEntry("state", client.state)
			.containsEntry("iss", this.fixture.issuer())
			.doesNotContainKey("code");
	}

	@Test
	void authorizeWhenPromptNoneAndSignedInThenCodeWithIss() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		this.fixture.signIn(client, browser, "openid");

		Browser.Visit visit = browser.open(client.authorizationUrl("openid") + "&prompt=none", client::isRedirectUri);

		assertThat(parameters(visit.last())).containsKey("code").containsEntry("iss", this.fixture.issuer());
	}

	@Test
	void authorizeWhenPromptLoginAndSignedInThenWeChatAgainAndFreshAuthTime() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		this.fixture.signIn(client, browser, "openid");
		Thread.sleep(1100);
		Instant again = Instant.now().truncatedTo(ChronoUnit.SECONDS);

		Browser.Visit visit = browser.open(client.authorizationUrl("openid") + "&prompt=login", client::isRedirectUri);

		assertThat(visit.visited(this.fixture::isWeChatPage)).as(visit.hops().toString()).isTrue();
		String code = parameters(visit.last()).get("code");
		assertThat(code).as(visit.hops().toString()).isNotNull();
		assertThat(this.fixture.idToken(client.redeem(code).json()).getDateClaim("auth_time").toInstant())
			.isAfterOrEqualTo(again);
	}

	@Test
	void authorizeWhenMaxAgeExceededThenWeChatAgainAndWithinThenNot() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		this.fixture.signIn(client, browser, "openid");

		Browser.Visit within = browser.open(client.authorizationUrl("openid") + "&max_age=3600", client::isRedirectUri);
		assertThat(within.visited(this.fixture::isWeChatPage)).isFalse();
		assertThat(parameters(within.last())).containsKey("code");

		Thread.sleep(1100);
		Browser.Visit exceeded = browser.open(client.authorizationUrl("openid") + "&max_age=0", client::isRedirectUri);
		assertThat(exceeded.visited(this.fixture::isWeChatPage)).as(exceeded.hops().toString()).isTrue();
		assertThat(parameters(exceeded.last())).as(exceeded.hops().toString()).containsKey("code");
	}

	@Test
	void authorizeWhenPromptNoneAndMaxAgeExceededThenLoginRequired() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		this.fixture.signIn(client, browser, "openid");
		Thread.sleep(1100);

		Browser.Visit visit = browser.open(client.authorizationUrl("openid") + "&prompt=none&max_age=0",
				client::isRedirectUri);

		assertThat(visit.visited(this.fixture::isWeChatPage)).isFalse();
		assertThat(parameters(visit.last())).containsEntry("error", "login_required");
	}

	@Test
	void authorizeWhenErrorRedirectThenIss() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		this.fixture.signIn(client, browser, "openid");

		Browser.Visit visit = browser.open(client.authorizationUrl("openid never-registered"), client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "invalid_scope")
			.containsEntry("iss", this.fixture.issuer());
	}

	@Test
	void authorizeWhenUnsupportedResponseTypeAndValidRedirectThenToldAtTheClient() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit visit = browser.open(
				client.authorizationUrl("openid").replace("response_type=code", "response_type=token"),
				client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "unsupported_response_type")
			.containsEntry("state", client.state)
			.containsEntry("iss", this.fixture.issuer());
	}

	@Test
	void authorizeWhenUnsupportedResponseTypeAndUnregisteredRedirectThenNoRedirect() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit visit = browser.open(client.authorizationUrl("openid")
			.replace("response_type=code", "response_type=token")
			.replace("client.example", "attacker.example"), (uri) -> uri.getHost().equals("attacker.example"));

		assertThat(visit.page()).as(visit.hops().toString()).isNotNull();
		assertThat(visit.page().statusCode()).isEqualTo(400);
	}

	@Test
	void authorizeWhenCodeChallengeMalformedThenInvalidRequestAtTheClient() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		String url = client.authorizationUrl("openid").replaceFirst("code_challenge=[^&]+", "code_challenge=short");

		Browser.Visit visit = browser.open(url, client::isRedirectUri);

		assertThat(visit.visited(this.fixture::isWeChatPage)).isFalse();
		assertThat(parameters(visit.last())).containsEntry("error", "invalid_request")
			.containsEntry("iss", this.fixture.issuer());
	}

	@Test
	void authorizeWhenRequestObjectThenRequestNotSupportedAtTheClient() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit visit = browser.open(client.authorizationUrl("openid") + "&request=eyJhbGciOiJub25lIn0.e30.",
				client::isRedirectUri);

		assertThat(visit.visited(this.fixture::isWeChatPage)).isFalse();
		assertThat(parameters(visit.last())).containsEntry("error", "request_not_supported")
			.containsEntry("iss", this.fixture.issuer());
	}

}
