package dev.wxauth.server.oidc;

import java.util.ArrayList;
import java.util.List;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect Discovery 1.0 and RFC 8414 metadata, and the JWKS they point to, over real HTTP.
 */
@AuthServerTest
class DiscoveryTests {

	@Value("${wxauth.issuer}")
	String issuer;

	@Test
	void openidConfigurationWhenRequestedThenDescribesEveryEndpoint() {
		Http.Response response = new Http(this.issuer).get("/.well-known/openid-configuration");

		assertThat(response.status()).isEqualTo(200);
		JsonNode metadata = response.json();
		assertThat(metadata.get("issuer").asString()).isEqualTo(this.issuer);
		assertThat(metadata.get("authorization_endpoint").asString()).isEqualTo(this.issuer + "/oauth2/authorize");
		assertThat(metadata.get("token_endpoint").asString()).isEqualTo(this.issuer + "/oauth2/token");
		assertThat(metadata.get("jwks_uri").asString()).isEqualTo(this.issuer + "/oauth2/jwks");
		assertThat(metadata.get("userinfo_endpoint").asString()).isEqualTo(this.issuer + "/userinfo");
		assertThat(metadata.get("end_session_endpoint").asString()).isEqualTo(this.issuer + "/connect/logout");
		assertThat(metadata.get("introspection_endpoint").asString()).isEqualTo(this.issuer + "/oauth2/introspect");
		assertThat(metadata.get("revocation_endpoint").asString()).isEqualTo(this.issuer + "/oauth2/revoke");
		assertThat(strings(metadata.get("response_types_supported"))).contains("code");
		assertThat(strings(metadata.get("grant_types_supported"))).contains("authorization_code", "client_credentials",
				"refresh_token");
		assertThat(strings(metadata.get("subject_types_supported"))).containsExactly("public");
		assertThat(strings(metadata.get("id_token_signing_alg_values_supported"))).containsExactly("RS256");
		assertThat(strings(metadata.get("code_challenge_methods_supported"))).containsExactly("S256");
		assertThat(strings(metadata.get("scopes_supported"))).contains("openid");
		assertThat(metadata.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
		assertThat(strings(metadata.get("grant_types_supported")))
			.contains("urn:wxauth:params:oauth:grant-type:wechat-mini-program");
		assertThat(metadata.get("backchannel_logout_supported").asBoolean()).isTrue();
		assertThat(metadata.get("backchannel_logout_session_supported").asBoolean()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" })
	void metadataWhenRequestedThenOnlyWhatAClientCanUse(String path) {
		JsonNode metadata = new Http(this.issuer).get(path).json();

		assertThat(strings(metadata.get("grant_types_supported"))).containsExactlyInAnyOrder("authorization_code",
				"client_credentials", "refresh_token", "urn:wxauth:params:oauth:grant-type:wechat-mini-program",
				"urn:wxauth:params:oauth:grant-type:wechat-app");
		assertThat(strings(metadata.get("token_endpoint_auth_methods_supported")))
			.containsExactlyInAnyOrder("client_secret_basic", "client_secret_post", "none");
		assertThat(strings(metadata.get("revocation_endpoint_auth_methods_supported")))
			.containsExactlyInAnyOrder("client_secret_basic", "client_secret_post", "none");
		assertThat(strings(metadata.get("introspection_endpoint_auth_methods_supported")))
			.containsExactlyInAnyOrder("client_secret_basic", "client_secret_post");
		assertThat(metadata.has("tls_client_certificate_bound_access_tokens")).as("no mutual TLS here").isFalse();
		// what the token endpoint's DPoP proof verifier accepts (the RSA and EC families), for every grant
		assertThat(strings(metadata.get("dpop_signing_alg_values_supported"))).containsExactlyInAnyOrder("RS256",
				"RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/wechat/mini-program/phone-number" })
	void protectedResourceMetadataWhenRequestedThenNamesThisServer(String resource) {
		Http.Response response = new Http(this.issuer).get("/.well-known/oauth-protected-resource" + resource);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode metadata = response.json();
		assertThat(metadata.get("resource").asString()).isEqualTo(this.issuer + resource);
		assertThat(strings(metadata.get("authorization_servers"))).containsExactly(this.issuer);
		assertThat(strings(metadata.get("bearer_methods_supported"))).containsExactly("header");
		assertThat(metadata.has("tls_client_certificate_bound_access_tokens")).isFalse();
	}

	@Test
	void authorizationServerMetadataWhenRequestedThenSameIssuerAndEndpoints() {
		Http.Response response = new Http(this.issuer).get("/.well-known/oauth-authorization-server");

		assertThat(response.status()).isEqualTo(200);
		JsonNode metadata = response.json();
		assertThat(metadata.get("issuer").asString()).isEqualTo(this.issuer);
		assertThat(metadata.get("token_endpoint").asString()).isEqualTo(this.issuer + "/oauth2/token");
		assertThat(metadata.get("jwks_uri").asString()).isEqualTo(this.issuer + "/oauth2/jwks");
		assertThat(metadata.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
		assertThat(strings(metadata.get("grant_types_supported")))
			.contains("urn:wxauth:params:oauth:grant-type:wechat-app");
	}

	@Test
	void jwksWhenRequestedThenPublicRsaSigningKeysOnly() {
		Http.Response response = new Http(this.issuer).get("/oauth2/jwks");

		assertThat(response.status()).isEqualTo(200);
		JsonNode keys = response.json().get("keys");
		assertThat(keys.size()).isGreaterThanOrEqualTo(1);
		for (JsonNode key : keys) {
			assertThat(key.get("kty").asString()).isEqualTo("RSA");
			assertThat(key.get("use").asString()).isEqualTo("sig");
			assertThat(key.get("alg").asString()).isEqualTo("RS256");
			assertThat(key.get("kid").asString()).isNotBlank();
			assertThat(key.has("n") && key.has("e")).isTrue();
			assertThat(key.has("d")).as("private exponent must never be published").isFalse();
			assertThat(key.has("p") || key.has("q") || key.has("dp") || key.has("dq") || key.has("qi")).isFalse();
		}
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((node) -> values.add(node.asString()));
		return values;
	}

}
