package dev.wxauth.server.oidc;

import java.nio.charset.StandardCharsets;
import java.util.Map;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.bearer;
import static dev.wxauth.server.testing.Http.form;
import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token, revocation, introspection and userinfo endpoints' answers to requests that are well-formed HTTP but
 * break a rule: RFC 6749 §2.3 (one way of authenticating), RFC 7009 §2.1 (public clients revoke their tokens),
 * RFC 7636 (a wrong verifier spends the code), RFC 6750 §3 (the reason of a refusal in WWW-Authenticate), HTTP's
 * own (a method an endpoint does not take: 405).
 */
@AuthServerTest
class TokenEndpointTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void tokenWhenTwoClientAuthenticationMethodsThenInvalidRequest() {
		OidcTestClient client = serviceClient();

		Http.Response response = this.fixture.http()
			.postForm("/oauth2/token", form("grant_type", "client_credentials", "client_id", client.clientId(),
					"client_secret", TestRegisteredClients.SECRET), basic(client.clientId(), TestRegisteredClients.SECRET));

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_request");
	}

	@Test
	void tokenWhenNoContentTypeThenInvalidRequest() {
		OidcTestClient client = serviceClient();

		Http.Response response = this.fixture.http()
			.send("POST", "/oauth2/token", null, "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8),
					basic(client.clientId(), TestRegisteredClients.SECRET));

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_request");
	}

	@ParameterizedTest
	@CsvSource({ "GET, /oauth2/token", "PUT, /oauth2/token", "DELETE, /oauth2/token", "GET, /oauth2/revoke",
			"GET, /oauth2/introspect", "PUT, /oauth2/introspect", "DELETE, /oauth2/jwks", "POST, /oauth2/jwks",
			"PUT, /userinfo", "DELETE, /.well-known/openid-configuration" })
	void endpointWhenMethodNotTakenThenMethodNotAllowed(String method, String path) {
		Http.Response response = this.fixture.http().send(method, path, null, (byte[]) null);

		assertThat(response.status()).as(method + " " + path + ": " + response).isEqualTo(405);
		assertThat(response.header("Allow")).as(method + " " + path).isNotBlank();
	}

	@Test
	void tokenWhenWrongCodeVerifierThenCodeSpent() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		String code = parameters(browser.open(client.authorizationUrl("openid"), client::isRedirectUri).last())
			.get("code");

		Http.Response wrong = client.tokenRequest(new java.util.LinkedHashMap<>(Map.of("grant_type",
				"authorization_code", "code", code, "redirect_uri", client.redirectUri(), "code_verifier",
				"wrong-verifier-wrong-verifier-wrong-verifier-0123")));
		Http.Response right = client.redeem(code);

		assertThat(wrong.status()).isEqualTo(400);
		assertThat(right.status()).as(right.toString()).isEqualTo(400);
		assertThat(right.json().get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void revokeWhenPublicClientRevokesItsRefreshTokenThenRevoked() {
		CodeGrantClient app = this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(),
				WeChatGrantTypes.MOBILE_APP);
		JsonNode tokens = app.login(this.fixture.wechat().mintAppCode(WeChatLoginFixture.MOBILE_APP, "alice")).json();

		Http.Response revoked = this.fixture.http()
			.postForm("/oauth2/revoke", form("client_id", app.clientId(), "token",
					tokens.get("refresh_token").asString(), "token_type_hint", "refresh_token"));

		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
		assertThat(app.refresh(tokens.get("refresh_token").asString()).status()).isEqualTo(400);
	}

	@Test
	void revokeWhenPublicClientRevokesAnotherClientsTokenThenRefusedAndTokenKept() {
		CodeGrantClient app = this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(),
				WeChatGrantTypes.MOBILE_APP);
		CodeGrantClient other = this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(),
				WeChatGrantTypes.MOBILE_APP);
		JsonNode tokens = app.login(this.fixture.wechat().mintAppCode(WeChatLoginFixture.MOBILE_APP, "alice")).json();

		Http.Response revoked = this.fixture.http()
			.postForm("/oauth2/revoke", form("client_id", other.clientId(), "token",
					tokens.get("refresh_token").asString()));

		assertThat(revoked.status()).isNotEqualTo(200);
		assertThat(app.refresh(tokens.get("refresh_token").asString()).status()).isEqualTo(200);
	}

	@Test
	void userinfoWhenAccessTokenWithoutOpenidThenForbiddenWithReason() {
		OidcTestClient client = serviceClient();
		String accessToken = this.fixture.http()
			.postForm("/oauth2/token", form("grant_type", "client_credentials", "scope", "api.read"),
					basic(client.clientId(), TestRegisteredClients.SECRET))
			.json()
			.get("access_token")
			.asString();

		Http.Response response = this.fixture.http().get("/userinfo", bearer(accessToken));

		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("insufficient_scope");
	}

	/** A confidential client that may also use client credentials, with either basic or post authentication. */
	private OidcTestClient serviceClient() {
		return this.fixture.webClient(TestRegisteredClients.webClient()
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST));
	}

}
