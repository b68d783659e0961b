package dev.wxauth.server.oidc;

import java.net.URI;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.wxauth.server.admin.clients.ClientMetadata;
import dev.wxauth.server.admin.clients.ClientRegistrations;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client credentials grant (RFC 6749 §4.4) at the real token endpoint, for the dev client {@code demo-service}.
 */
@AuthServerTest
class ClientCredentialsGrantTests {

	@Value("${wxauth.issuer}")
	String issuer;

	@Autowired
	ClientRegistrations registrations;

	Http http() {
		return new Http(this.issuer);
	}

	@Test
	void tokenWhenWrongSecretThenInvalidClient() {
		Http.Response response = http().postForm("/oauth2/token", form("grant_type", "client_credentials"),
				basic("demo-service", "wrong-secret"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void tokenWhenUnknownClientThenInvalidClient() {
		Http.Response response = http().postForm("/oauth2/token", form("grant_type", "client_credentials"),
				basic("no-such-client", "secret"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void tokenWhenNoClientAuthenticationThenInvalidClient() {
		Http.Response response = http().postForm("/oauth2/token", form("grant_type", "client_credentials"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void tokenWhenScopeNotRegisteredThenInvalidScope() {
		Http.Response response = http().postForm("/oauth2/token",
				form("grant_type", "client_credentials", "scope", "api.admin"),
				basic("demo-service", "demo-service-secret"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_scope");
	}

	@Test
	void tokenWhenGrantNotAllowedForClientThenUnauthorizedClient() {
		Http.Response response = http().postForm("/oauth2/token",
				form("grant_type", "authorization_code", "code", "abc", "redirect_uri", "http://localhost/cb"),
				basic("demo-service", "demo-service-secret"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("error").asString()).isIn("unauthorized_client", "invalid_grant");
	}

	@Test
	void tokenWhenUnknownGrantTypeThenUnsupportedGrantType() {
		Http.Response response = http().postForm("/oauth2/token", form("grant_type", "urn:example:nope"),
				basic("demo-service", "demo-service-secret"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("error").asString()).isEqualTo("unsupported_grant_type");
	}

	@Test
	void tokenWhenGetThenNoStackTraceAndNoServerError() {
		Http.Response response = http().get("/oauth2/token");

		assertThat(response.status()).isBetween(400, 499);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
	}

	@Test
	void tokenWhenValidThenSignedJwtFromJwksWithIssuerClientAndScopes() throws Exception {
		Http.Response response = http().postForm("/oauth2/token",
				form("grant_type", "client_credentials", "scope", "api.read"),
				basic("demo-service", "demo-service-secret"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Cache-Control")).contains("no-store");
		JsonNode body = response.json();
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("expires_in").asInt()).isPositive();
		assertThat(body.get("scope").asString()).isEqualTo("api.read");
		assertThat(body.has("refresh_token")).isFalse();

		SignedJWT jwt = SignedJWT.parse(body.get("access_token").asString());
		JWKSet jwks = JWKSet.load(URI.create(this.issuer + "/oauth2/jwks").toURL());
		RSAKey key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
		assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(this.issuer);
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("demo-service");
		assertThat(jwt.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("demo-service");
		assertThat(jwt.getJWTClaimsSet().getStringListClaim("scope")).isEqualTo(List.of("api.read"));
		assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isInTheFuture();
	}

	@Test
	void tokenWhenClientRegisteredForSecretInBodyThenIssued() {
		ObjectNode metadata = JsonNodeFactory.instance.objectNode();
		metadata.put("token_endpoint_auth_method", "client_secret_post");
		metadata.putArray("grant_types").add("client_credentials");
		metadata.put("scope", "api.read api.write");
		ClientRegistrations.Registered client = this.registrations.register("test", ClientMetadata.read(metadata));

		Http.Response response = http().postForm("/oauth2/token", form("grant_type", "client_credentials",
				"client_id", client.client().clientId(), "client_secret", client.secret()));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("scope").asString().split(" ")).as("omitted scope: every registered one")
			.containsExactlyInAnyOrder("api.read", "api.write");
	}

}
