package dev.wxauth.server.authorization;

import java.util.List;
import java.util.Map;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.Simultaneously;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating refresh tokens over real HTTP: each is exchanged once, also when its refreshes arrive together, and a
 * rotated-out token presented again revokes the grant (RFC 9700 §4.14.2).
 */
@AuthServerTest
class SingleUseRefreshTokensTests {

	static final int RACERS = 4;

	@Value("${wxauth.issuer}")
	String issuer;

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void refreshWhenRotatedOutTokenPresentedAgainThenGrantRevoked() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		String first = signIn(client, "alice").get("refresh_token").asString();
		JsonNode rotated = client.refresh(first).json();
		String second = rotated.get("refresh_token").asString();
		rotatedLongAgo();

		Http.Response replay = client.refresh(first);

		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.json().get("error").asString()).isEqualTo("invalid_grant");
		assertThat(client.refresh(second).json().get("error").asString()).as("the current token is revoked too")
			.isEqualTo("invalid_grant");
		assertThat(client.introspect(rotated.get("access_token").asString()).json().get("active").asBoolean())
			.isFalse();
	}

	@Test
	void refreshWhenRotatedOutTokenPresentedWithinGraceThenRefusedAndGrantKept() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		String first = signIn(client, "alice").get("refresh_token").asString();
		String second = client.refresh(first).json().get("refresh_token").asString();

		assertThat(client.refresh(first).json().get("error").asString()).isEqualTo("invalid_grant");

		assertThat(client.refresh(second).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenOneTokenRefreshedConcurrentlyThenExactlyOneSucceeds() throws Exception {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		for (int i = 0; i < 8; i++) {
			String refreshToken = signIn(client, "load-" + i).get("refresh_token").asString();

			List<Http.Response> answers = Simultaneously.run(RACERS, () -> client.refresh(refreshToken));

			assertThat(answers).as("token %d: %s", i, answers).filteredOn((answer) -> answer.status() == 200)
				.hasSize(1);
			assertThat(answers).filteredOn((answer) -> answer.status() != 200)
				.allSatisfy((refused) -> assertThat(refused.json().get("error").asString()).isEqualTo("invalid_grant"));
			String winner = answers.stream()
				.filter((answer) -> answer.status() == 200)
				.findFirst()
				.orElseThrow()
				.json()
				.get("refresh_token")
				.asString();
			assertThat(client.refresh(winner).status()).as("the winner's new token works").isEqualTo(200);
		}
	}

	@Test
	void refreshWhenRefusedThenTokenStillUsable() {
		OidcTestClient client = client(TestRegisteredClients.webClient());
		String refreshToken = signIn(client, "alice").get("refresh_token").asString();
		Map<String, String> widerScope = Http.form("grant_type", "refresh_token", "refresh_token", refreshToken,
				"scope", "openid api.write");

		assertThat(client.tokenRequest(widerScope).json().get("error").asString()).isEqualTo("invalid_scope");

		assertThat(client.refresh(refreshToken).status()).isEqualTo(200);
	}

	@Test
	void refreshWhenClientReusesRefreshTokensThenSameTokenWorksAgain() {
		OidcTestClient client = client(TestRegisteredClients.webClient()
			.tokenSettings(TokenSettings.builder().reuseRefreshTokens(true).build()));
		String refreshToken = signIn(client, "alice").get("refresh_token").asString();

		assertThat(client.refresh(refreshToken).status()).isEqualTo(200);
		assertThat(client.refresh(refreshToken).status()).isEqualTo(200);
	}

	/** As if every rotation so far happened a minute ago, past the grace. */
	private void rotatedLongAgo() {
		this.jdbc.update("UPDATE oauth2_refresh_token_uses SET used_at = now() - interval '1 minute'");
	}

	private OidcTestClient client(RegisteredClient.Builder registration) {
		RegisteredClient registered = registration.build();
		this.clients.save(registered);
		return new OidcTestClient(this.issuer, registered, TestRegisteredClients.SECRET);
	}

	/** @return the token response of a browser sign-in */
	private static JsonNode signIn(OidcTestClient client, String person) {
		Browser.Visit visit = TestWeChat.person(person, Browser.DESKTOP)
			.open(client.authorizationUrl("openid api.read"), client::isRedirectUri);
		String code = parameters(visit.last()).get("code");
		assertThat(code).as("code in the redirect: %s", visit.hops()).isNotNull();
		Http.Response tokens = client.redeem(code);
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		return tokens.json();
	}

}
