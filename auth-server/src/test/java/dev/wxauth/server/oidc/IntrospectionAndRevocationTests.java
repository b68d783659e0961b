package dev.wxauth.server.oidc;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token introspection (RFC 7662) and revocation (RFC 7009) against tokens stored in PostgreSQL.
 */
@AuthServerTest
class IntrospectionAndRevocationTests {

	static final String[] DEMO_SERVICE = basic("demo-service", "demo-service-secret");

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
	void revokeWhenNoClientAuthenticationThenInvalidClientAndTokenStaysActive() {
		String token = accessToken();

		Http.Response revoke = http().postForm("/oauth2/revoke", form("token", token));

		assertThat(revoke.status()).isEqualTo(401);
		assertThat(http().postForm("/oauth2/introspect", form("token", token), DEMO_SERVICE).json().get("active").asBoolean())
			.isTrue();
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

}
