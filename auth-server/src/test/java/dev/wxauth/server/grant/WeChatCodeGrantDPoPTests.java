package dev.wxauth.server.grant;

import java.time.Instant;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.DPoPKey;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.MOBILE_APP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DPoP (RFC 9449) at the real token endpoint for the WeChat code grants: a proof binds the access token and, for
 * these public clients, the refresh token to the app's key; a client registered to require DPoP gets no token
 * without a proof.
 */
@AuthServerTest
class WeChatCodeGrantDPoPTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	final DPoPKey key = new DPoPKey();

	CodeGrantClient app() {
		return this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(), WeChatGrantTypes.MOBILE_APP);
	}

	String appCode(String user) {
		return this.fixture.wechat().mintAppCode(MOBILE_APP, user);
	}

	String[] dpop(String proof) {
		return new String[] { "DPoP", proof };
	}

	@Test
	void appLoginWhenProofThenAccessTokenBoundToTheKey() throws Exception {
		CodeGrantClient app = app();

		Http.Response response = app.login(appCode("alice"), "openid", dpop(this.key.proof("POST", app.tokenEndpoint())));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("token_type").asString()).isEqualTo("DPoP");
		assertThat(boundKey(this.fixture.accessToken(response.json()))).isEqualTo(this.key.thumbprint());
	}

	@Test
	void miniProgramLoginWhenProofThenAccessTokenBoundToTheKey() throws Exception {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);

		Http.Response response = miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, "alice"), null,
				dpop(this.key.proof("POST", miniProgram.tokenEndpoint())));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("token_type").asString()).isEqualTo("DPoP");
		assertThat(boundKey(this.fixture.accessToken(response.json()))).isEqualTo(this.key.thumbprint());
	}

	@Test
	void appLoginWhenNoProofThenBearerTokenWithoutConfirmation() throws Exception {
		Http.Response response = app().login(appCode("alice"));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("token_type").asString()).isEqualTo("Bearer");
		assertThat(this.fixture.accessToken(response.json()).getClaim("cnf")).isNull();
	}

	@Test
	void appLoginWhenProofForAnotherUriThenInvalidDPoPProof() {
		CodeGrantClient app = app();

		assertError(app.login(appCode("alice"), null, dpop(this.key.proof("POST", app.tokenEndpoint() + "/other"))),
				400, "invalid_dpop_proof");
	}

	@Test
	void appLoginWhenProofForAnotherMethodThenInvalidDPoPProof() {
		CodeGrantClient app = app();

		assertError(app.login(appCode("alice"), null, dpop(this.key.proof("GET", app.tokenEndpoint()))), 400,
				"invalid_dpop_proof");
	}

	@Test
	void appLoginWhenProofStaleThenInvalidDPoPProof() {
		CodeGrantClient app = app();
		String stale = this.key.proof("POST", app.tokenEndpoint(), null, Instant.now().minusSeconds(3600));

		assertError(app.login(appCode("alice"), null, dpop(stale)), 400, "invalid_dpop_proof");
	}

	@Test
	void appLoginWhenProofNotAJwtThenInvalidDPoPProof() {
		assertError(app().login(appCode("alice"), null, dpop("not-a-jwt")), 400, "invalid_dpop_proof");
	}

	@Test
	void appLoginWhenProofRefusedThenTheCodeStillWorksWithAGoodOne() {
		CodeGrantClient app = app();
		String code = appCode("alice");
		assertError(app.login(code, null, dpop(this.key.proof("GET", app.tokenEndpoint()))), 400, "invalid_dpop_proof");

		Http.Response response = app.login(code, null, dpop(this.key.proof("POST", app.tokenEndpoint())));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	@Test
	void appLoginWhenTwoProofsThenInvalidRequest() {
		CodeGrantClient app = app();
		String proof = this.key.proof("POST", app.tokenEndpoint());

		assertError(app.login(appCode("alice"), null, "DPoP", proof, "DPoP", proof), 400, "invalid_request");
	}

	@Test
	void refreshWhenProofWithTheSameKeyThenNewTokensBoundToIt() throws Exception {
		CodeGrantClient app = app();
		Http.Response login = app.login(appCode("alice"), null, dpop(this.key.proof("POST", app.tokenEndpoint())));

		Http.Response refreshed = app.refresh(login.json().get("refresh_token").asString(),
				dpop(this.key.proof("POST", app.tokenEndpoint())));

		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		assertThat(refreshed.json().get("token_type").asString()).isEqualTo("DPoP");
		assertThat(boundKey(this.fixture.accessToken(refreshed.json()))).isEqualTo(this.key.thumbprint());
	}

	@Test
	void refreshWhenProofWithAnotherKeyThenInvalidDPoPProof() throws Exception {
		CodeGrantClient app = app();
		Http.Response login = app.login(appCode("alice"), null, dpop(this.key.proof("POST", app.tokenEndpoint())));

		assertError(app.refresh(login.json().get("refresh_token").asString(),
				dpop(new DPoPKey().proof("POST", app.tokenEndpoint()))), 400, "invalid_dpop_proof");
	}

	@Test
	void refreshWhenBoundRefreshTokenWithoutProofThenInvalidDPoPProof() throws Exception {
		CodeGrantClient app = app();
		Http.Response login = app.login(appCode("alice"), null, dpop(this.key.proof("POST", app.tokenEndpoint())));

		assertError(app.refresh(login.json().get("refresh_token").asString()), 400, "invalid_dpop_proof");
	}

	@Test
	void appLoginWhenClientRequiresDPoPAndNoProofThenInvalidDPoPProof() {
		CodeGrantClient app = this.fixture.codeGrantClient(
				WeChatCodeClients.requiringDPoP(TestRegisteredClients.mobileAppClient()), WeChatGrantTypes.MOBILE_APP);

		assertError(app.login(appCode("alice")), 400, "invalid_dpop_proof");
	}

	@Test
	void appLoginWhenClientRequiresDPoPAndProofThenDPoPBoundToken() throws Exception {
		CodeGrantClient app = this.fixture.codeGrantClient(
				WeChatCodeClients.requiringDPoP(TestRegisteredClients.mobileAppClient()), WeChatGrantTypes.MOBILE_APP);

		Http.Response response = app.login(appCode("alice"), null, dpop(this.key.proof("POST", app.tokenEndpoint())));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("token_type").asString()).isEqualTo("DPoP");
	}

	@Test
	void clientCredentialsWhenClientRequiresDPoPThenOnlyWithAProof() throws Exception {
		RegisteredClient service = this.fixture.register(WeChatCodeClients.requiringDPoP(
				TestRegisteredClients.webClient().authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)));
		Http http = new Http(this.fixture.issuer());
		String[] basic = Http.basic(service.getClientId(), TestRegisteredClients.SECRET);
		Map<String, String> form = Http.form("grant_type", "client_credentials");

		Http.Response withoutProof = http.postForm("/oauth2/token", form, basic);
		Http.Response withProof = http.postForm("/oauth2/token", form, basic[0], basic[1], "DPoP",
				this.key.proof("POST", this.fixture.issuer() + "/oauth2/token"));

		assertError(withoutProof, 400, "invalid_dpop_proof");
		assertThat(withProof.status()).as(withProof.toString()).isEqualTo(200);
		assertThat(withProof.json().get("token_type").asString()).isEqualTo("DPoP");
	}

	@Test
	void userinfoWhenBoundTokenThenOnlyWithAProofOfItsKey() throws Exception {
		CodeGrantClient app = app();
		Http.Response login = app.login(appCode("alice"), "openid profile",
				dpop(this.key.proof("POST", app.tokenEndpoint())));
		String token = login.json().get("access_token").asString();
		String userinfo = this.fixture.issuer() + "/userinfo";
		Http http = new Http(this.fixture.issuer());

		Http.Response withProof = http.get("/userinfo", "Authorization", "DPoP " + token, "DPoP",
				this.key.proof("GET", userinfo, token));
		Http.Response asBearer = http.get("/userinfo", Http.bearer(token));
		Http.Response otherKey = http.get("/userinfo", "Authorization", "DPoP " + token, "DPoP",
				new DPoPKey().proof("GET", userinfo, token));

		assertThat(withProof.status()).as(withProof.toString()).isEqualTo(200);
		assertThat(withProof.json().get("sub").asString()).isEqualTo(this.fixture.accessToken(login.json()).getSubject());
		assertThat(asBearer.status()).isEqualTo(401);
		assertThat(otherKey.status()).isEqualTo(401);
	}

	private static String boundKey(JWTClaimsSet accessToken) throws Exception {
		Map<String, Object> confirmation = accessToken.getJSONObjectClaim("cnf");
		return (confirmation != null) ? (String) confirmation.get("jkt") : null;
	}

}
