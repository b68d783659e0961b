package dev.wxauth.server.oidc;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.server.authorize.PushedAuthorizationRequests;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.web.util.UriComponentsBuilder;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushed authorization requests (RFC 9126) over real HTTP: pushed, then used by the browser with its
 * {@code request_uri} alone; required of a client registered for it; advertised.
 */
@AuthServerTest
class PushedAuthorizationRequestTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void authorizeWhenRequestPushedThenLoginWithRequestUriAloneAndIdTokenNamesTheSession() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		String requestUri = push(client, client.authorizationUrl("openid"));
		Browser.Visit visit = browser.open(authorizeWith(client, requestUri), client::isRedirectUri);

		Map<String, String> response = parameters(visit.last());
		assertThat(response).as(visit.hops().toString()).containsKey("code").containsEntry("state", client.state);
		Http.Response tokens = client.redeem(response.get("code"));
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		JWTClaimsSet idToken = this.fixture.idToken(tokens.json());
		assertThat(idToken.getClaim("nonce")).isEqualTo(client.nonce);
		assertThat(idToken.getClaim("sid")).as("the browser's session, recorded in the pushed request").isNotNull();
	}

	@Test
	void authorizeWhenClientMustPushAndDidNotThenInvalidRequestAtTheClient() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient()
			.clientSettings(ClientSettings.builder()
				.requireAuthorizationConsent(false)
				.setting(PushedAuthorizationRequests.REQUIRED, true)
				.build()));
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit notPushed = browser.open(client.authorizationUrl("openid"), client::isRedirectUri);
		assertThat(parameters(notPushed.last())).containsEntry("error", "invalid_request").doesNotContainKey("code");

		Browser.Visit pushed = browser.open(authorizeWith(client, push(client, client.authorizationUrl("openid"))),
				client::isRedirectUri);
		assertThat(parameters(pushed.last())).as(pushed.hops().toString()).containsKey("code");
	}

	@Test
	void pushWhenRequestCarriesServerParameterThenInvalidRequest() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());

		Http.Response response = pushRaw(client, client.authorizationUrl("openid") + "&wxauth_sid=chosen-by-the-client");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_request");
	}

	@Test
	void discoveryWhenRequestedThenPushedRequestEndpointAdvertised() {
		assertThat(this.fixture.http().get("/.well-known/openid-configuration").json()
			.get("pushed_authorization_request_endpoint").asString())
			.isEqualTo(this.fixture.issuer() + "/oauth2/par");
	}

	private String push(OidcTestClient client, String authorizationUrl) {
		Http.Response response = pushRaw(client, authorizationUrl);
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("request_uri").asString();
	}

	private Http.Response pushRaw(OidcTestClient client, String authorizationUrl) {
		String query = UriComponentsBuilder.fromUriString(authorizationUrl).build().getQuery();
		return this.fixture.http()
			.send("POST", "/oauth2/par", "application/x-www-form-urlencoded", query.getBytes(StandardCharsets.UTF_8),
					basic(client.clientId(), TestRegisteredClients.SECRET));
	}

	private String authorizeWith(OidcTestClient client, String requestUri) {
		return UriComponentsBuilder.fromUriString(this.fixture.issuer() + "/oauth2/authorize")
			.queryParam("client_id", client.clientId())
			.queryParam("request_uri", requestUri)
			.encode()
			.build()
			.toUriString();
	}

}
