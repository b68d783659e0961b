package dev.wxauth.server.oidc;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9700 §2.1 and §4.1 at the authorization endpoint: a redirect URI is matched exactly (no prefix, no
 * sub-path, no other port, scheme, host or query), and PKCE with S256 is required of every client (§2.1.1).
 */
@AuthServerTest
class AuthorizationRequestValidationTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@ParameterizedTest
	@ValueSource(strings = { "https://client.example/callback/", "https://client.example/callback/more",
			"https://client.example/callbackx", "https://client.example/Callback", "http://client.example/callback",
			"https://client.example:8443/callback", "https://evil.example/callback",
			"https://client.example.evil.example/callback", "https://evil.example?https://client.example/callback",
			"https://client.example/callback?extra=1", "https://client.example/callback#fragment",
			"https://client.example/callback/../callback", "https://CLIENT.example/callback",
			"https://client.example/%63allback", "https://user@client.example/callback",
			"https://client.example@evil.example/callback", "//evil.example/callback", "/callback",
			"javascript:alert(1)", "data:text/html,x", "https://client.example/callback%00",
			"https://client.example/callback%2F..%2F", "https://xn--client-9ya.example/callback" })
	void authorizeWhenRedirectUriNotExactlyRegisteredThenErrorPageAndNoRedirect(String redirectUri) {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String url = client.authorizationUrl("openid")
			.replace("redirect_uri=https://client.example/callback",
					"redirect_uri=" + java.net.URLEncoder.encode(redirectUri, java.nio.charset.StandardCharsets.UTF_8));
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit visit = browser.open(url, (uri) -> !uri.getPath().startsWith("/oauth2/")
				&& !uri.getPath().equals("/error"));

		assertThat(visit.page()).as(redirectUri + ": " + visit.hops()).isNotNull();
		assertThat(visit.page().statusCode()).as(redirectUri).isEqualTo(400);
		assertThat(visit.visited(this.fixture::isWeChatPage)).as("no login for a refused request").isFalse();
	}

	@Test
	void authorizeWhenNoCodeChallengeThenRefusedAtTheClient() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.publicClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit visit = browser.open(client.authorizationUrl("openid", false), client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "invalid_request").doesNotContainKey("code");
	}

	@Test
	void authorizeWhenPlainCodeChallengeMethodThenRefusedAtTheClient() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit visit = browser.open(
				client.authorizationUrl("openid").replace("code_challenge_method=S256", "code_challenge_method=plain"),
				client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "invalid_request").doesNotContainKey("code");
	}

}
