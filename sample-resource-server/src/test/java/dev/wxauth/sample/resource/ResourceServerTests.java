package dev.wxauth.sample.resource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wxauth.emulator.WeChatEmulator;
import dev.wxauth.server.client.AccessTokenAudience;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.keys.SigningKeys;
import dev.wxauth.server.testing.DPoPKey;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.SharedClasspath;
import dev.wxauth.server.testing.TestPostgres;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.bearer;
import static dev.wxauth.server.testing.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample resource server trusting the real auth server, both on real ports, the auth server on a real
 * PostgreSQL: discovery, JWKS, and every reason to reject a token (RFC 6750 §3, RFC 9068 §4).
 */
class ResourceServerTests {

	/** The sample API's default identifier, as dev mode's demo clients name it in their access tokens' audience. */
	static final String SAMPLE_API = "http://localhost:8081";

	static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	static RunningAuthServer authServer;

	static ConfigurableApplicationContext resourceServer;

	static Http api;

	static String apiUrl;

	@BeforeAll
	static void start() {
		// publish-ahead 0: a rotation takes effect at once, to show the resource server picking up a new kid
		authServer = RunningAuthServer.start(TestPostgres.newDatabase("resource_server"), "wxauth.keys.publish-ahead=0s");
		registerClient(SAMPLE_API, "reporting-service", "api.read", "profile");
		registerClient("https://other-api.example", "other-api-service", "api.read");
		// The auth server shares this test classpath: keep its database and server auto-configuration out of the API.
		// The audience is the sample's default, SAMPLE_API.
		resourceServer = SampleResourceServerApplication.builder().run("--server.port=0",
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + authServer.issuer(),
				SharedClasspath.excludeAuthServerAutoConfiguration());
		apiUrl = "http://localhost:" + resourceServer.getEnvironment().getProperty("local.server.port");
		api = new Http(apiUrl);
	}

	@AfterAll
	static void stop() {
		if (resourceServer != null) {
			resourceServer.close();
		}
		if (authServer != null) {
			authServer.close();
		}
	}

	/** A service whose access tokens are for {@code audience}. */
	static void registerClient(String audience, String clientId, String... scopes) {
		RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientSecret(authServer.bean(PasswordEncoder.class).encode(clientId + "-secret"))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
		for (String scope : scopes) {
			client.scope(scope);
		}
		authServer.bean(RegisteredClientRepository.class).save(AccessTokenAudience.withAudience(client, audience).build());
	}

	static String clientCredentialsToken(String clientId, String secret, String scope) {
		Http.Response response = new Http(authServer.issuer()).postForm("/oauth2/token",
				form("grant_type", "client_credentials", "scope", scope), basic(clientId, secret));
		assertThat(response.status()).isEqualTo(200);
		return response.json().get("access_token").asString();
	}

	/**
	 * An access token signed with the auth server's own current key, as it issues them but for the test's
	 * issuer and times.
	 */
	static String signedByAuthServer(String issuer, Instant issuedAt, Instant expiresAt) {
		return signedByAuthServer("at+jwt", accessTokenClaims().issuer(issuer).issuedAt(issuedAt).expiresAt(expiresAt));
	}

	/** A token signed with the auth server's own current key, with the test's {@code typ} header and claims. */
	static String signedByAuthServer(String type, JwtClaimsSet.Builder claims) {
		JwsHeader.Builder header = JwsHeader.with(SignatureAlgorithm.RS256);
		if (type != null) {
			header.type(type);
		}
		return authServer.bean(JwtEncoder.class)
			.encode(JwtEncoderParameters.from(header.build(), claims.build()))
			.getTokenValue();
	}

	/** Valid claims of an access token for the sample API. */
	static JwtClaimsSet.Builder accessTokenClaims() {
		Instant now = Instant.now();
		return JwtClaimsSet.builder()
			.issuer(authServer.issuer())
			.subject("demo-service")
			.audience(List.of(SAMPLE_API))
			.claim("client_id", "demo-service")
			.claim("scope", List.of("api.read"))
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofMinutes(5)))
			.id(UUID.randomUUID().toString());
	}

	/** {@link #accessTokenClaims()} for a token the test signs itself. */
	static JWTClaimsSet accessTokenClaimsSet(Instant now) {
		return new JWTClaimsSet.Builder().issuer(authServer.issuer())
			.subject("demo-service")
			.audience(SAMPLE_API)
			.claim("client_id", "demo-service")
			.issueTime(java.util.Date.from(now))
			.expirationTime(java.util.Date.from(now.plus(Duration.ofMinutes(5))))
			.jwtID(UUID.randomUUID().toString())
			.build();
	}

	/** A client credentials token bound to {@code key}: the token request carries a DPoP proof made with it. */
	static String dPoPBoundToken(DPoPKey key) {
		Http.Response response = new Http(authServer.issuer()).postForm("/oauth2/token",
				form("grant_type", "client_credentials", "scope", "api.read"),
				basic("demo-service", "demo-service-secret")[0], basic("demo-service", "demo-service-secret")[1],
				"DPoP", key.proof("POST", authServer.issuer() + "/oauth2/token"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("token_type").asString()).isEqualTo("DPoP");
		return response.json().get("access_token").asString();
	}

	static String[] dPoP(String token, String proof) {
		return new String[] { "Authorization", "DPoP " + token, "DPoP", proof };
	}

	@Test
	void meWhenDPoPBoundTokenWithProofOfItsKeyThenOk() {
		DPoPKey key = new DPoPKey();
		String token = dPoPBoundToken(key);

		Http.Response response = api.get("/api/me", dPoP(token, key.proof("GET", apiUrl + "/api/me", token)));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("client_id").asString()).isEqualTo("demo-service");
	}

	@Test
	void meWhenDPoPBoundTokenPresentedAsBearerThenInvalidToken() {
		DPoPKey key = new DPoPKey();
		String token = dPoPBoundToken(key);
		// verified once through DPoP, so that the verified-token cache holds it
		assertThat(api.get("/api/me", dPoP(token, key.proof("GET", apiUrl + "/api/me", token))).status()).isEqualTo(200);

		assertInvalidToken(api.get("/api/me", bearer(token)));
	}

	@Test
	void meWhenProofMadeWithAnotherKeyThenInvalidDPoPProof() {
		String token = dPoPBoundToken(new DPoPKey());

		Http.Response response = api.get("/api/me", dPoP(token, new DPoPKey().proof("GET", apiUrl + "/api/me", token)));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("DPoP").contains("error=\"invalid_dpop_proof\"");
	}

	@Test
	void meWhenProofForAnotherTokenOrRequestThenInvalidDPoPProof() {
		DPoPKey key = new DPoPKey();
		String token = dPoPBoundToken(key);

		assertThat(api.get("/api/me", dPoP(token, key.proof("GET", apiUrl + "/api/me", "another-token"))).status())
			.as("ath of another token").isEqualTo(401);
		assertThat(api.get("/api/me", dPoP(token, key.proof("GET", apiUrl + "/api/me"))).status()).as("no ath")
			.isEqualTo(401);
		assertThat(api.get("/api/me", dPoP(token, key.proof("POST", apiUrl + "/api/me", token))).status())
			.as("another method").isEqualTo(401);
		assertThat(api.get("/api/me", dPoP(token, key.proof("GET", apiUrl + "/api/profile", token))).status())
			.as("another URI").isEqualTo(401);
	}

	@Test
	void meWhenDPoPSchemeWithoutProofThenUnauthorized() {
		String token = dPoPBoundToken(new DPoPKey());

		Http.Response response = api.get("/api/me", "Authorization", "DPoP " + token);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("DPoP");
	}

	@Test
	void meWhenUnboundTokenPresentedWithDPoPSchemeThenUnauthorized() {
		DPoPKey key = new DPoPKey();
		String token = clientCredentialsToken("demo-service", "demo-service-secret", "api.read");

		Http.Response response = api.get("/api/me", dPoP(token, key.proof("GET", apiUrl + "/api/me", token)));

		assertThat(response.status()).isEqualTo(401);
	}

	static void assertInvalidToken(Http.Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
	}

	@Test
	void meWhenNoTokenThenUnauthorizedWithBearerChallenge() {
		Http.Response response = api.get("/api/me");

		assertThat(response.status()).isEqualTo(401);
		// RFC 6750 §3.1: no error code when the request carried no token; Spring Security 7 adds RFC 9728 metadata
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
	}

	@Test
	void meWhenNotAJwtThenInvalidToken() {
		assertInvalidToken(api.get("/api/me", bearer("not-a-jwt")));
	}

	@Test
	void meWhenTamperedThenInvalidToken() {
		String token = clientCredentialsToken("demo-service", "demo-service-secret", "api.read");
		String[] parts = token.split("\\.");
		String forgedPayload = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
				.replace("\"demo-service\"", "\"admin-service\"")
				.getBytes());

		assertInvalidToken(api.get("/api/me", bearer(parts[0] + "." + forgedPayload + "." + parts[2])));
	}

	@Test
	void meWhenExpiredThenInvalidToken() {
		Instant now = Instant.now();
		String expired = signedByAuthServer(authServer.issuer(), now.minus(Duration.ofMinutes(10)),
				now.minus(Duration.ofMinutes(5)));

		Http.Response response = api.get("/api/me", bearer(expired));

		assertInvalidToken(response);
		assertThat(response.header("WWW-Authenticate")).contains("expired");
	}

	@Test
	void meWhenOtherIssuerThenInvalidToken() {
		Instant now = Instant.now();
		String foreignIssuer = signedByAuthServer("http://issuer.example", now, now.plus(Duration.ofMinutes(5)));

		assertInvalidToken(api.get("/api/me", bearer(foreignIssuer)));
	}

	@Test
	void meWhenSignedWithUnknownKeyThenInvalidToken() throws Exception {
		RSAKey foreignKey = new RSAKeyGenerator(2048).keyID("foreign-key").generate();
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("foreign-key").type(AT_JWT).build(),
				accessTokenClaimsSet(now));
		jwt.sign(new RSASSASigner(foreignKey));

		assertInvalidToken(api.get("/api/me", bearer(jwt.serialize())));
	}

	@Test
	void meWhenForeignKeyReusesOurKidThenInvalidToken() throws Exception {
		String ourKid = SignedJWT.parse(clientCredentialsToken("demo-service", "demo-service-secret", "api.read"))
			.getHeader()
			.getKeyID();
		RSAKey foreignKey = new RSAKeyGenerator(2048).keyID(ourKid).generate();
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ourKid).type(AT_JWT).build(),
				accessTokenClaimsSet(now));
		jwt.sign(new RSASSASigner(foreignKey));

		assertInvalidToken(api.get("/api/me", bearer(jwt.serialize())));
	}

	@Test
	void meWhenIdTokenThenInvalidTokenEveryTime() {
		String idToken = codeGrantTokens(AccessTokenAudience.withAudience(TestRegisteredClients.miniProgramClient(),
				SAMPLE_API).build(), WeChatGrantTypes.MINI_PROGRAM.getValue(),
				TestWeChat.emulator().mintJsCode("wxd0000000000000a3", "alice"))
			.get("id_token")
			.asString();

		assertInvalidToken(api.get("/api/me", bearer(idToken)));
		assertInvalidToken(api.get("/api/me", bearer(idToken)));
	}

	@Test
	void meWhenTypeIsNotAccessTokenThenInvalidToken() {
		for (String type : new String[] { null, "JWT", "jwt", "at+jwt+x", "application/jwt" }) {
			String token = signedByAuthServer(type, accessTokenClaims());

			assertInvalidToken(api.get("/api/me", bearer(token)));
			assertInvalidToken(api.get("/api/me", bearer(token)));
		}
	}

	@Test
	void meWhenTypeIsAccessTokenInAnyCaseOrAsMediaTypeThenOk() {
		for (String type : new String[] { "at+jwt", "AT+JWT", "application/at+jwt", "Application/AT+JWT" }) {
			assertThat(api.get("/api/me", bearer(signedByAuthServer(type, accessTokenClaims()))).status()).as(type)
				.isEqualTo(200);
		}
	}

	@Test
	void meWhenAccessTokenForAnotherAudienceThenInvalidToken() {
		String forOtherApi = clientCredentialsToken("other-api-service", "other-api-service-secret", "api.read");

		assertInvalidToken(api.get("/api/me", bearer(forOtherApi)));
		assertInvalidToken(api.get("/api/me", bearer(forOtherApi)));
	}

	@Test
	void meWhenAudienceIsTheClientIdThenInvalidToken() {
		String audienceClientId = signedByAuthServer("at+jwt", accessTokenClaims().audience(List.of("demo-service")));

		assertInvalidToken(api.get("/api/me", bearer(audienceClientId)));
	}

	@Test
	void meWhenRequiredClaimMissingThenInvalidToken() {
		assertInvalidToken(api.get("/api/me",
				bearer(signedByAuthServer("at+jwt", accessTokenClaims().claims((claims) -> claims.remove("client_id"))))));
		assertInvalidToken(api.get("/api/me",
				bearer(signedByAuthServer("at+jwt", accessTokenClaims().claims((claims) -> claims.remove("jti"))))));
	}

	@Test
	void profileWhenTokenLacksProfileScopeThenForbiddenInsufficientScope() {
		String token = clientCredentialsToken("demo-service", "demo-service-secret", "api.read");

		Http.Response response = api.get("/api/profile", bearer(token));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
	}

	@Test
	void profileWhenTokenHasProfileScopeThenOk() {
		String token = clientCredentialsToken("reporting-service", "reporting-service-secret", "profile");

		Http.Response response = api.get("/api/profile", bearer(token));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("subject").asString()).isEqualTo("reporting-service");
	}

	@Test
	void meWhenClientCredentialsTokenThenSubjectClientAndScopes() {
		String token = clientCredentialsToken("demo-service", "demo-service-secret", "api.read api.write");

		Http.Response response = api.get("/api/me", bearer(token));

		assertThat(response.status()).isEqualTo(200);
		JsonNode me = response.json();
		assertThat(me.get("subject").asString()).isEqualTo("demo-service");
		assertThat(me.get("client_id").asString()).isEqualTo("demo-service");
		assertThat(me.get("scopes").valueStream().map(JsonNode::asString).toList())
			.containsExactlyInAnyOrder("api.read", "api.write");
	}

	@Test
	void meWhenMiniProgramAndNativeAppLoginTokensThenAcceptedForTheSamePerson() {
		WeChatEmulator wechat = TestWeChat.emulator();
		String fromMiniProgram = codeGrantTokens(
				AccessTokenAudience.withAudience(TestRegisteredClients.miniProgramClient(), SAMPLE_API).build(),
				WeChatGrantTypes.MINI_PROGRAM.getValue(), wechat.mintJsCode("wxd0000000000000a3", "bob"))
			.get("access_token")
			.asString();
		String fromApp = codeGrantTokens(
				AccessTokenAudience.withAudience(TestRegisteredClients.mobileAppClient(), SAMPLE_API).build(),
				WeChatGrantTypes.MOBILE_APP.getValue(), wechat.mintAppCode("wxd0000000000000a4", "bob"))
			.get("access_token")
			.asString();

		Http.Response viaMiniProgram = api.get("/api/me", bearer(fromMiniProgram));
		Http.Response viaApp = api.get("/api/me", bearer(fromApp));

		assertThat(viaMiniProgram.status()).isEqualTo(200);
		assertThat(viaApp.status()).isEqualTo(200);
		String subject = viaMiniProgram.json().get("subject").asString();
		assertThat(UUID.fromString(subject)).isNotNull();
		assertThat(viaApp.json().get("subject").asString()).isEqualTo(subject);
		assertThat(viaMiniProgram.json().get("client_id").asString()).startsWith("mini-");
	}

	static JsonNode codeGrantTokens(RegisteredClient client, String grantType, String code) {
		authServer.bean(RegisteredClientRepository.class).save(client);
		Http.Response response = new Http(authServer.issuer()).postForm("/oauth2/token",
				form("grant_type", grantType, "client_id", client.getClientId(), "code", code, "scope", "openid api.read"));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	@Test
	void meWhenSigningKeyRotatedThenTokenWithNewKidAccepted() throws Exception {
		String before = clientCredentialsToken("demo-service", "demo-service-secret", "api.read");
		assertThat(api.get("/api/me", bearer(before)).status()).isEqualTo(200);

		authServer.bean(SigningKeys.class).rotateNow();
		String after = clientCredentialsToken("demo-service", "demo-service-secret", "api.read");

		assertThat(SignedJWT.parse(after).getHeader().getKeyID())
			.isNotEqualTo(SignedJWT.parse(before).getHeader().getKeyID());
		assertThat(api.get("/api/me", bearer(after)).status()).isEqualTo(200);
		assertThat(api.get("/api/me", bearer(before)).status()).as("the old key still verifies").isEqualTo(200);
	}

}
