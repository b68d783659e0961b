package dev.wxauth.server.oauth2;

import java.nio.charset.StandardCharsets;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parameters the protocol endpoints refuse before the framework reads them: repeated (RFC 6749 §3.1, §3.2), longer
 * than any real one, or not decodable. The token, introspection and revocation endpoints answer
 * {@code invalid_request} as OAuth error JSON; the authorization endpoint answers its error page, before any login.
 */
@AuthServerTest
class WellFormedParametersTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void tokenWhenCodeRepeatedThenInvalidRequest() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());

		Http.Response response = this.fixture.http()
			.postFormRaw("/oauth2/token",
					"grant_type=authorization_code&code=a&code=b&code_verifier=v&redirect_uri="
							+ TestRegisteredClients.REDIRECT_URI,
					Http.basic(client.clientId(), TestRegisteredClients.SECRET));

		assertError(response, 400, "invalid_request");
		assertThat(response.json().get("error_description").asString()).isEqualTo("OAuth 2.0 Parameter: code");
	}

	@Test
	void tokenWhenCodeVerifierRepeatedForARealCodeThenInvalidRequestAndCodeStillRedeemable() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String code = parameters(this.fixture.person("alice", Browser.DESKTOP)
			.open(client.authorizationUrl("openid"), client::isRedirectUri)
			.last()).get("code");

		Http.Response response = this.fixture.http()
			.postFormRaw("/oauth2/token",
					"grant_type=authorization_code&code=" + code + "&redirect_uri=" + TestRegisteredClients.REDIRECT_URI
							+ "&code_verifier=" + client.codeVerifier + "&code_verifier=" + client.codeVerifier,
					Http.basic(client.clientId(), TestRegisteredClients.SECRET));

		assertError(response, 400, "invalid_request");
		assertThat(client.redeem(code).status()).isEqualTo(200);
	}

	@Test
	void tokenWhenRepeatedParameterFromAPublicClientThenInvalidRequest() {
		Http.Response response = this.fixture.http()
			.postFormRaw("/oauth2/token",
					"grant_type=authorization_code&client_id=demo-mini-program&code=a&code=b&code_verifier=v");

		assertError(response, 400, "invalid_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke" })
	void clientEndpointWhenUnregisteredParameterRepeatedThenInvalidRequest(String endpoint) {
		Http.Response response = this.fixture.http()
			.postFormRaw(endpoint, "grant_type=client_credentials&token=t&extra=1&extra=2",
					Http.basic("demo-service", "demo-service-secret"));

		assertError(response, 400, "invalid_request");
		assertThat(response.json().get("error_description").asString()).isEqualTo("OAuth 2.0 Parameter: extra");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke" })
	void clientEndpointWhenParameterOversizedThenInvalidRequest(String endpoint) {
		Http.Response response = this.fixture.http()
			.postFormRaw(endpoint, "grant_type=client_credentials&token=" + "t".repeat(100_000),
					Http.basic("demo-service", "demo-service-secret"));

		assertError(response, 400, "invalid_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "grant_type=client_credentials&scope=%zz", "grant_type=client_credentials&scope=%FF",
			"grant_type=client_credentials&scope=%C3%28", "grant_type=client_credentials&%=x" })
	void tokenWhenBodyNotDecodableThenInvalidRequest(String body) {
		Http.Response response = this.fixture.http()
			.postFormRaw("/oauth2/token", body, Http.basic("demo-service", "demo-service-secret"));

		assertError(response, 400, "invalid_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "%00", "a%00b", "%0D%0A", "%1B", "%7F" })
	void clientEndpointWhenParameterCarriesControlCharacterThenInvalidRequest(String value) {
		for (String endpoint : new String[] { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke" }) {
			Http.Response response = this.fixture.http()
				.postFormRaw(endpoint, "grant_type=client_credentials&token=" + value + "&client_id=" + value,
						Http.basic("demo-service", "demo-service-secret"));

			assertError(response, 400, "invalid_request");
		}
	}

	@Test
	void pageWhenParameterCarriesNulThenBadRequestNotServerError() {
		Http.Response response = this.fixture.http().get("/logout?client_id=%00", "Accept", "text/html");

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
	}

	@Test
	void tokenWhenBodyNotUtf8ThenInvalidRequest() {
		byte[] body = "grant_type=client_credentials&scope=api.read\u00ff".getBytes(StandardCharsets.ISO_8859_1);

		Http.Response response = this.fixture.http()
			.send("POST", "/oauth2/token", FORM, body, Http.basic("demo-service", "demo-service-secret"));

		assertError(response, 400, "invalid_request");
	}

	@Test
	void authorizeWhenSignedInAndUnregisteredParameterRepeatedThenErrorPageAndNoCode() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		this.fixture.signIn(client, browser, "openid");
		int authorizations = this.fixture.rows("oauth2_authorization");

		Browser.Visit visit = browser.open(client.authorizationUrl("openid") + "&extra=1&extra=2",
				client::isRedirectUri);

		assertThat(visit.page()).as(visit.hops().toString()).isNotNull();
		assertThat(visit.page().statusCode()).isEqualTo(400);
		assertThat(this.fixture.rows("oauth2_authorization")).isEqualTo(authorizations);
	}

	@Test
	void consentAnswerWhenScopeRepeatedThenLetThroughButNoOtherRepeatedParameter() {
		// the consent page posts one scope parameter per scope allowed, as the framework reads them
		Http.Response scopes = this.fixture.http()
			.postFormRaw("/oauth2/authorize", "client_id=c&state=s&scope=openid&scope=profile");
		Http.Response states = this.fixture.http()
			.postFormRaw("/oauth2/authorize", "client_id=c&state=s&state=t&scope=openid&scope=profile");
		Http.Response request = this.fixture.http()
			.postFormRaw("/oauth2/authorize", "response_type=code&client_id=c&scope=openid&scope=profile");

		assertThat(scopes.status()).as("past this check, refused by the next: no CSRF token").isEqualTo(403);
		assertThat(states.status()).isEqualTo(400);
		assertThat(request.status()).as("an authorization request sent by POST").isEqualTo(400);
	}

	@Test
	void authorizeWhenSignedOutAndParameterRepeatedThenErrorPageBeforeWeChat() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());

		Browser.Visit visit = this.fixture.person("alice", Browser.DESKTOP)
			.open(client.authorizationUrl("openid") + "&extra=1&extra=2", client::isRedirectUri);

		assertThat(visit.hops()).as("no WeChat page").noneMatch(this.fixture::isWeChatPage);
		assertThat(visit.page().statusCode()).isEqualTo(400);
	}

	@Test
	void authorizeWhenParameterOversizedThenErrorPage() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());

		String url = client.authorizationUrl("openid").replace("state=" + client.state, "state=" + "s".repeat(5_000));

		Http.Response response = this.fixture.http()
			.get(url.substring(this.fixture.issuer().length()), "Accept", "text/html");

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
	}

	@Test
	void authorizeWhenQueryTooLongToWaitInACookieThenErrorPage() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String url = client.authorizationUrl("openid")
			.replace("state=" + client.state, "state=" + "s".repeat(2_000))
			.replace("nonce=" + client.nonce, "nonce=" + "n".repeat(2_000));

		Http.Response response = this.fixture.http()
			.get(url.substring(this.fixture.issuer().length()), "Accept", "text/html");

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
	}

}
