package dev.wxauth.server.oidc;

import java.util.List;

import dev.wxauth.server.authorization.EntitledTokenIntrospection;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token introspection (RFC 7662) and revocation (RFC 7009) against tokens stored in PostgreSQL. A client introspects
 * its own access and refresh tokens; a client granted {@link EntitledTokenIntrospection#INTROSPECT_ANY_ACCESS_TOKEN}
 * (a resource server) also other clients' access tokens; nobody ID tokens.
 */
@AuthServerTest
class IntrospectionAndRevocationTests {

	static final String[] DEMO_SERVICE = basic("demo-service", "demo-service-secret");

	/** Everything an introspection answer may say (RFC 7662 §2.2); never the person's claims of an ID token. */
	static final List<String> INTROSPECTION_FIELDS = List.of("active", "scope", "client_id", "username", "token_type",
			"exp", "iat", "nbf", "sub", "aud", "iss", "jti");

	/** How README tells an operator to grant the permission to a registered client. */
	static final String GRANT_INTROSPECT_ANY_ACCESS_TOKEN = """
			UPDATE oauth2_registered_client
			SET client_settings = (client_settings::jsonb
			    || '{"settings.client.wxauth.introspect-any-access-token": true}')::text
			WHERE client_id = ?""";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Value("${wxauth.issuer}")
	String issuer;

	Http http() {
		return new Http(this.issuer);
	}

	String accessToken() {
		Http.Response response = http().postForm("/oauth2/token", form("grant_type", "client_credentials"), DEMO_SERVICE);
		assertThat(response.status()).isEqualTo(200);
		return response.json().get("access_token").asString();
	}

	@Test
	void introspectWhenNoClientAuthenticationThenInvalidClient() {
		Http.Response response = http().postForm("/oauth2/introspect", form("token", accessToken()));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void introspectWhenMissingTokenParameterThenInvalidRequest() {
		Http.Response response = http().postForm("/oauth2/introspect", form(), DEMO_SERVICE);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_request");
	}

	@Test
	void introspectWhenUnknownTokenThenInactive() {
		Http.Response response = http().postForm("/oauth2/introspect", form("token", "not-a-token"), DEMO_SERVICE);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("active").asBoolean()).isFalse();
	}

	@Test
	void introspectWhenLiveTokenThenActiveWithClaims() {
		Http.Response response = http().postForm("/oauth2/introspect", form("token", accessToken()), DEMO_SERVICE);

		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("active").asBoolean()).isTrue();
		assertThat(body.get("client_id").asString()).isEqualTo("demo-service");
		assertThat(body.get("iss").asString()).isEqualTo(this.issuer);
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("scope").asString().split(" ")).containsExactlyInAnyOrder("api.read", "api.write");
	}

	@Test
	void introspectWhenOwnAccessTokenThenActiveWithIntrospectionFieldsOnly() {
		OidcTestClient owner = webClient();
		JsonNode tokens = signIn(owner);

		JsonNode body = owner.introspect(tokens.get("access_token").asString()).json();

		assertThat(body.get("active").asBoolean()).isTrue();
		assertThat(body.get("client_id").asString()).isEqualTo(owner.clientId());
		assertThat(body.get("sub").asString()).isEqualTo(this.fixture.userId(WeChatLoginFixture.WEBSITE, "alice"));
		assertThat(body.propertyNames()).isSubsetOf(INTROSPECTION_FIELDS);
	}

	@Test
	void introspectWhenOwnRefreshTokenThenActive() {
		OidcTestClient owner = webClient();
		JsonNode tokens = signIn(owner);

		JsonNode body = owner.introspect(tokens.get("refresh_token").asString()).json();

		assertThat(body.get("active").asBoolean()).isTrue();
		assertThat(body.get("client_id").asString()).isEqualTo(owner.clientId());
		assertThat(body.propertyNames()).isSubsetOf(INTROSPECTION_FIELDS);
	}

	@Test
	void introspectWhenOwnIdTokenThenInactive() {
		OidcTestClient owner = webClient();
		JsonNode tokens = signIn(owner);

		assertInactive(owner.introspect(tokens.get("id_token").asString()));
	}

	@Test
	void introspectWhenAnotherClientsAccessTokenThenInactive() {
		JsonNode tokens = signIn(webClient());

		assertInactive(webClient().introspect(tokens.get("access_token").asString()));
	}

	@Test
	void introspectWhenAnotherClientsRefreshTokenThenInactive() {
		JsonNode tokens = signIn(webClient());

		assertInactive(webClient().introspect(tokens.get("refresh_token").asString()));
	}

	@Test
	void introspectWhenAnotherClientsIdTokenThenInactive() {
		JsonNode tokens = signIn(webClient());

		assertInactive(webClient().introspect(tokens.get("id_token").asString()));
	}

	@Test
	void introspectWhenResourceServerIntrospectsAnotherClientsAccessTokenThenActiveWithIntrospectionFieldsOnly() {
		OidcTestClient owner = webClient();
		JsonNode tokens = signIn(owner);

		JsonNode body = resourceServer().introspect(tokens.get("access_token").asString()).json();

		assertThat(body.get("active").asBoolean()).isTrue();
		assertThat(body.get("client_id").asString()).isEqualTo(owner.clientId());
		assertThat(body.get("scope").asString().split(" ")).contains("openid", "api.read");
		assertThat(body.propertyNames()).isSubsetOf(INTROSPECTION_FIELDS);
	}

	@Test
	void introspectWhenResourceServerIntrospectsAnotherClientsRefreshTokenThenInactive() {
		JsonNode tokens = signIn(webClient());

		assertInactive(resourceServer().introspect(tokens.get("refresh_token").asString()));
	}

	@Test
	void introspectWhenResourceServerIntrospectsAnotherClientsIdTokenThenInactive() {
		JsonNode tokens = signIn(webClient());

		assertInactive(resourceServer().introspect(tokens.get("id_token").asString()));
	}

	@Test
	void introspectWhenPermissionGrantedInTheDatabaseThenAnotherClientsAccessTokenActive() {
		JsonNode tokens = signIn(webClient());
		OidcTestClient resourceServer = webClient();
		this.fixture.jdbc().update(GRANT_INTROSPECT_ANY_ACCESS_TOKEN, resourceServer.clientId());

		JsonNode body = resourceServer.introspect(tokens.get("access_token").asString()).json();

		assertThat(body.get("active").asBoolean()).isTrue();
	}

	@Test
	void introspectWhenResourceServerIntrospectsUnknownTokenThenInactive() {
		assertInactive(resourceServer().introspect("not-a-token"));
	}

	@Test
	void revokeWhenNoClientAuthenticationThenInvalidClientAndTokenStaysActive() {
		String token = accessToken();

		Http.Response revoke = http().postForm("/oauth2/revoke", form("token", token));

		assertThat(revoke.status()).isEqualTo(401);
		assertThat(http().postForm("/oauth2/introspect", form("token", token), DEMO_SERVICE).json().get("active").asBoolean())
			.isTrue();
	}

	@Test
	void revokeWhenAnotherClientsTokenThenRefusedAndTokenStaysActive() {
		OidcTestClient owner = webClient();
		String accessToken = signIn(owner).get("access_token").asString();

		Http.Response revoke = http().postForm("/oauth2/revoke", form("token", accessToken),
				basic(webClient().clientId(), TestRegisteredClients.SECRET));

		assertThat(revoke.status()).isEqualTo(400);
		assertThat(revoke.json().get("error").asString()).isEqualTo("invalid_client");
		assertThat(owner.introspect(accessToken).json().get("active").asBoolean()).isTrue();
	}

	@Test
	void revokeWhenUnknownTokenThenOk() {
		Http.Response revoke = http().postForm("/oauth2/revoke", form("token", "not-a-token"), DEMO_SERVICE);

		assertThat(revoke.status()).isEqualTo(200);
	}

	@Test
	void revokeWhenLiveTokenThenIntrospectsInactive() {
		String token = accessToken();

		Http.Response revoke = http().postForm("/oauth2/revoke",
				form("token", token, "token_type_hint", "access_token"), DEMO_SERVICE);

		assertThat(revoke.status()).isEqualTo(200);
		Http.Response introspection = http().postForm("/oauth2/introspect", form("token", token), DEMO_SERVICE);
		assertThat(introspection.json().get("active").asBoolean()).isFalse();
	}

	private OidcTestClient webClient() {
		return this.fixture.webClient(TestRegisteredClients.webClient());
	}

	/** A client registered to introspect every client's access tokens, as a resource server is. */
	private OidcTestClient resourceServer() {
		return this.fixture.webClient(TestRegisteredClients.webClient()
			.clientSettings(ClientSettings.builder()
				.requireAuthorizationConsent(false)
				.setting(EntitledTokenIntrospection.INTROSPECT_ANY_ACCESS_TOKEN, true)
				.build()));
	}

	/** Alice signs in to {@code client} with every scope that puts her claims into the ID token. */
	private JsonNode signIn(OidcTestClient client) {
		JsonNode tokens = this.fixture.signIn(client, this.fixture.person("alice", Browser.DESKTOP),
				"openid profile wechat api.read");
		assertThat(this.fixture.idToken(tokens).getClaims()).containsKeys("wechat_openid", "name", "nonce");
		return tokens;
	}

	/** Inactive and nothing else (RFC 7662 §2.2): the same answer as for a token that never existed. */
	private static void assertInactive(Http.Response introspection) {
		assertThat(introspection.status()).isEqualTo(200);
		assertThat(introspection.json().propertyNames()).containsExactly("active");
		assertThat(introspection.json().get("active").asBoolean()).isFalse();
	}

}
