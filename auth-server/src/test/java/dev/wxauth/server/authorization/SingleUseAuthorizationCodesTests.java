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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An authorization code buys tokens once (RFC 6749 §4.1.2), also when its redemptions arrive together: a stolen
 * code raced against its rightful client must not give both of them tokens.
 */
@AuthServerTest
class SingleUseAuthorizationCodesTests {

	static final int CODES = 12;

	static final int RACERS = 4;

	@Value("${wxauth.issuer}")
	String issuer;

	@Autowired
	RegisteredClientRepository clients;

	@Test
	void tokenWhenOneCodeRedeemedConcurrentlyThenExactlyOneSucceeds() throws Exception {
		RegisteredClient registered = registeredWebClient();
		for (int i = 0; i < CODES; i++) {
			OidcTestClient client = new OidcTestClient(this.issuer, registered, TestRegisteredClients.SECRET);
			String code = signIn(client, "load-" + i);

			List<Http.Response> answers = Simultaneously.run(RACERS, () -> client.redeem(code));

			assertThat(answers).as("code %d: %s", i, answers).filteredOn((answer) -> answer.status() == 200)
				.hasSize(1);
			assertThat(answers).filteredOn((answer) -> answer.status() != 200)
				.allSatisfy((refused) -> assertThat(refused.json().get("error").asString()).isEqualTo("invalid_grant"));
		}
	}

	@Test
	void tokenWhenRedeemedOnceThenItsTokensStayValid() {
		OidcTestClient client = new OidcTestClient(this.issuer, registeredWebClient(), TestRegisteredClients.SECRET);
		String code = signIn(client, "alice");

		Http.Response tokens = client.redeem(code);

		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		assertThat(client.introspect(tokens.json().get("access_token").asString()).json().get("active").asBoolean())
			.isTrue();
		assertThat(client.refresh(tokens.json().get("refresh_token").asString()).status()).isEqualTo(200);
	}

	@Test
	void tokenWhenFirstPresentationRefusedThenCodeSpent() {
		OidcTestClient client = new OidcTestClient(this.issuer, registeredWebClient(), TestRegisteredClients.SECRET);
		String code = signIn(client, "alice");
		Map<String, String> wrongRedirect = Http.form("grant_type", "authorization_code", "code", code,
				"redirect_uri", "https://client.example/elsewhere", "code_verifier", client.codeVerifier);

		assertThat(client.tokenRequest(wrongRedirect).json().get("error").asString()).isEqualTo("invalid_grant");

		Http.Response retried = client.redeem(code);
		assertThat(retried.status()).isEqualTo(400);
		assertThat(retried.json().get("error").asString()).isEqualTo("invalid_grant");
	}

	private RegisteredClient registeredWebClient() {
		RegisteredClient registered = TestRegisteredClients.webClient().build();
		this.clients.save(registered);
		return registered;
	}

	/** @return the code the client's redirect URI receives */
	private static String signIn(OidcTestClient client, String person) {
		Browser.Visit visit = TestWeChat.person(person, Browser.DESKTOP)
			.open(client.authorizationUrl("openid api.read"), client::isRedirectUri);
		String code = parameters(visit.last()).get("code");
		assertThat(code).as("code in the redirect: %s", visit.hops()).isNotNull();
		return code;
	}

}
