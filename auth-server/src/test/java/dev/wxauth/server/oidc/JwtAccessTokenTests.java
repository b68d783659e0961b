package dev.wxauth.server.oidc;

import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wxauth.server.client.AccessTokenAudience;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.Jwts;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.form;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.MOBILE_APP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every access token we issue is a JWT access token of RFC 9068: typed {@code at+jwt} (§2.1), with every claim §2.2
 * requires, its audience the resource servers the client is registered for; ID tokens are never typed so, whatever
 * the grant, so that no resource server can take one for an access token.
 */
@AuthServerTest
class JwtAccessTokenTests {

	static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void clientCredentialsWhenIssuedThenAtJwtWithEveryRequiredClaim() throws Exception {
		Http.Response response = this.fixture.http()
			.postForm("/oauth2/token", form("grant_type", "client_credentials", "scope", "api.read"),
					basic("demo-service", "demo-service-secret"));

		assertThat(response.status()).isEqualTo(200);
		assertJwtAccessToken(response.json(), "demo-service");
		assertThat(this.fixture.accessToken(response.json()).getAudience()).as("dev mode: for the sample API")
			.containsExactly("http://localhost:8081");
	}

	@Test
	void authorizationCodeWhenRedeemedThenAccessTokenAtJwtAndIdTokenNot() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());

		JsonNode tokens = this.fixture.signIn(client, this.fixture.person("alice", Browser.DESKTOP), "openid api.read");

		assertJwtAccessToken(tokens, client.clientId());
		assertIdTokenNotTypedAsAccessToken(tokens, client.clientId());
	}

	@Test
	void refreshWhenExchangedThenAccessTokenAtJwtAndIdTokenNot() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		JsonNode tokens = this.fixture.signIn(client, this.fixture.person("bob", Browser.DESKTOP), "openid api.read");

		Http.Response refreshed = client.refresh(tokens.get("refresh_token").asString());

		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		assertJwtAccessToken(refreshed.json(), client.clientId());
		assertIdTokenNotTypedAsAccessToken(refreshed.json(), client.clientId());
	}

	@Test
	void miniProgramLoginWhenGrantedThenAccessTokenAtJwtAndIdTokenNot() throws Exception {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);

		Http.Response response = miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, "alice"),
				"openid api.read");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertJwtAccessToken(response.json(), miniProgram.clientId());
		assertIdTokenNotTypedAsAccessToken(response.json(), miniProgram.clientId());
	}

	@Test
	void mobileAppLoginWhenGrantedThenAccessTokenAtJwtAndIdTokenNot() throws Exception {
		CodeGrantClient app = this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(),
				WeChatGrantTypes.MOBILE_APP);

		Http.Response response = app.login(this.fixture.wechat().mintAppCode(MOBILE_APP, "alice"), "openid api.read");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertJwtAccessToken(response.json(), app.clientId());
		assertIdTokenNotTypedAsAccessToken(response.json(), app.clientId());
	}

	@Test
	void accessTokenWhenClientNamesNoAudienceThenAudienceIsTheClientId() throws Exception {
		RegisteredClient client = this.fixture.register(serviceClient());

		JWTClaimsSet claims = this.fixture.accessToken(clientCredentials(client));

		assertThat(claims.getAudience()).containsExactly(client.getClientId());
	}

	@Test
	void accessTokenWhenClientNamesAudienceThenAudienceIsExactlyThat() throws Exception {
		RegisteredClient client = this.fixture.register(AccessTokenAudience.withAudience(serviceClient(),
				"https://api.example", "https://reports.example"));

		JWTClaimsSet claims = this.fixture.accessToken(clientCredentials(client));

		assertThat(claims.getAudience()).containsExactly("https://api.example", "https://reports.example");
	}

	@Test
	void idTokenWhenClientNamesAudienceThenAudienceStillTheClientId() throws Exception {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(
				AccessTokenAudience.withAudience(TestRegisteredClients.miniProgramClient(), "https://api.example"),
				WeChatGrantTypes.MINI_PROGRAM);

		JsonNode tokens = miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, "bob"), "openid api.read")
			.json();

		assertThat(this.fixture.accessToken(tokens).getAudience()).containsExactly("https://api.example");
		assertThat(this.fixture.idToken(tokens).getAudience()).containsExactly(miniProgram.clientId());
	}

	static RegisteredClient.Builder serviceClient() {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("service-" + UUID.randomUUID())
			.clientSecret(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(TestRegisteredClients.SECRET))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("api.read");
	}

	JsonNode clientCredentials(RegisteredClient client) {
		Http.Response response = this.fixture.http()
			.postForm("/oauth2/token", form("grant_type", "client_credentials"),
					basic(client.getClientId(), TestRegisteredClients.SECRET));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	/** RFC 9068 §2.1 (the header) and §2.2 (iss, exp, aud, sub, client_id, iat, jti). */
	void assertJwtAccessToken(JsonNode tokens, String clientId) throws Exception {
		String accessToken = tokens.get("access_token").asString();
		JWTClaimsSet claims = Jwts.verified(this.fixture.issuer(), accessToken);
		assertThat(SignedJWT.parse(accessToken).getHeader().getType()).isEqualTo(AT_JWT);
		assertThat(claims.getExpirationTime()).isInTheFuture();
		assertThat(claims.getAudience()).isNotEmpty();
		assertThat(claims.getSubject()).isNotBlank();
		assertThat(claims.getStringClaim("client_id")).isEqualTo(clientId);
		assertThat(claims.getIssueTime()).isNotNull();
		assertThat(claims.getJWTID()).isNotBlank();
	}

	void assertIdTokenNotTypedAsAccessToken(JsonNode tokens, String clientId) throws Exception {
		String idToken = tokens.get("id_token").asString();
		JWTClaimsSet claims = Jwts.verified(this.fixture.issuer(), idToken);
		assertThat(SignedJWT.parse(idToken).getHeader().getType()).isIn(null, JOSEObjectType.JWT);
		assertThat(claims.getAudience()).isEqualTo(List.of(clientId));
	}

}
