package dev.wxauth.server.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.wxauth.server.admin.registration.InitialAccessTokens;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.Pages;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic client registration over real HTTP: RFC 7591 registration at {@code /connect/register} opened by an
 * initial access token from the admin API, RFC 7592 management with the registration access token, each refusal
 * with its RFC error, and the registered client signing a person in.
 */
@AuthServerTest
@ExtendWith(OutputCaptureExtension.class)
class DynamicClientRegistrationTests {

	static final String REGISTER = "/connect/register";

	static final String TOKENS = "/admin/v1/initial-access-tokens";

	static final String WEB_CLIENT = """
			{"client_name": "Partner shop", "redirect_uris": ["https://partner.example/callback"],
			 "grant_types": ["authorization_code", "refresh_token"], "scope": "openid profile"}""";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	InitialAccessTokens initialAccessTokens;

	Http http;

	AdminApiTestClient admin;

	@BeforeEach
	void admin() {
		this.http = this.fixture.http();
		this.admin = AdminApiTestClient.as(this.http, "wxauth.admin");
	}

	/** Who made the client's last change of that action, as the audit log says. */
	String lastActor(String action, String clientId) {
		return this.admin.get("/admin/v1/audit-events?resource_type=client&action=" + action + "&resource_id=" + clientId)
			.json()
			.get("items")
			.get(0)
			.get("actor")
			.asString();
	}

	/** A new initial access token of the admin API: its {@code id} and, this once, the token. */
	JsonNode initialAccessToken(int uses) {
		Http.Response issued = this.admin.post(TOKENS, "{\"uses\": " + uses + "}");
		assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
		return issued.json();
	}

	String newToken() {
		return initialAccessToken(1).get("initial_access_token").asString();
	}

	Http.Response register(String token, String metadata) {
		return this.http.postJson(REGISTER, metadata, Http.bearer(token));
	}

	/** The request RFC 7592 makes of a registration, at its {@code registration_client_uri}. */
	Http.Response manage(String method, JsonNode registration, String token, String metadata) {
		String uri = registration.get("registration_client_uri").asString();
		assertThat(uri).startsWith(this.fixture.issuer() + REGISTER + "?client_id=");
		return this.http.send(method, uri.substring(this.fixture.issuer().length()),
				(metadata != null) ? "application/json" : null,
				(metadata != null) ? metadata.getBytes(StandardCharsets.UTF_8) : null, Http.bearer(token));
	}

	static void assertUnauthorized(Http.Response response) {
		assertError(response, 401, "invalid_token");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

	static void assertRefused(Http.Response response, String error, String field) {
		assertError(response, 400, error);
		assertThat(response.json().get("error_description").asString()).contains(field);
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

	// ---- the initial access token ----

	@Test
	void registerWhenNoInitialAccessTokenThenUnauthorizedAndNothingWritten() {
		int clients = this.fixture.rows("oauth2_registered_client");

		Http.Response refused = this.http.postJson(REGISTER, WEB_CLIENT);

		assertUnauthorized(refused);
		assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertUnauthorized(this.http.postJson(REGISTER, WEB_CLIENT, Http.basic("wxauth-admin", "wxauth-admin-secret")));
		assertThat(this.fixture.rows("oauth2_registered_client")).isEqualTo(clients);
	}

	@Test
	void registerWhenTokenIsNotAnInitialAccessTokenThenUnauthorized() {
		Http.Response unknown = register("a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V", WEB_CLIENT);

		assertUnauthorized(unknown);
		assertThat(unknown.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
		// an admin's access token is no initial access token
		assertUnauthorized(register(this.admin.token, WEB_CLIENT));
		assertUnauthorized(register("not a token", WEB_CLIENT));
	}

	@Test
	void registerWhenTokenExpiredThenUnauthorized() {
		JsonNode issued = initialAccessToken(5);
		this.fixture.jdbc()
			.update("UPDATE initial_access_tokens SET expires_at = now() - interval '1 second' WHERE id = ?",
					issued.get("id").asLong());

		assertUnauthorized(register(issued.get("initial_access_token").asString(), WEB_CLIENT));
		assertThat(this.admin.get(TOKENS + "/" + issued.get("id").asLong()).json().get("active").asBoolean())
			.isFalse();
	}

	@Test
	void registerWhenTokenUsedUpThenUnauthorized() {
		JsonNode issued = initialAccessToken(2);
		String token = issued.get("initial_access_token").asString();

		assertThat(register(token, WEB_CLIENT).status()).isEqualTo(201);
		assertThat(register(token, WEB_CLIENT).status()).isEqualTo(201);

		assertUnauthorized(register(token, WEB_CLIENT));
		JsonNode state = this.admin.get(TOKENS + "/" + issued.get("id").asLong()).json();
		assertThat(state.get("used").asInt()).isEqualTo(2);
		assertThat(state.get("active").asBoolean()).isFalse();
	}

	@Test
	void registerWhenTokenRevokedThenUnauthorized() {
		JsonNode issued = initialAccessToken(5);

		Http.Response revoked = this.admin.delete(TOKENS + "/" + issued.get("id").asLong());

		assertThat(revoked.status()).isEqualTo(204);
		assertUnauthorized(register(issued.get("initial_access_token").asString(), WEB_CLIENT));
		assertThat(this.admin.get(TOKENS + "/" + issued.get("id").asLong()).status()).isEqualTo(404);
	}

	// ---- what a registration may not ask for ----

	@ParameterizedTest
	@ValueSource(strings = { "openid wxauth.admin", "wxauth.admin.read", "openid client.create", "client.read",
			"openid account" })
	void registerWhenAdminOrRegistrationScopeThenRefusedAndTheUseNotSpent(String scope) {
		String token = newToken();

		Http.Response refused = register(token, """
				{"redirect_uris": ["https://partner.example/callback"], "scope": "%s"}""".formatted(scope));

		assertRefused(refused, "invalid_client_metadata", "scope");
		assertThat(register(token, WEB_CLIENT).status()).as("a refusal spends no use").isEqualTo(201);
	}

	@Test
	void registerWhenClientCredentialsOrAWeChatGrantThenRefused() {
		String token = newToken();

		assertRefused(register(token, """
				{"grant_types": ["client_credentials"], "scope": "api.read"}"""), "invalid_client_metadata",
				"client_credentials");
		assertRefused(register(token, """
				{"grant_types": ["urn:wxauth:params:oauth:grant-type:wechat-mini-program"],
				 "token_endpoint_auth_method": "none"}"""), "invalid_client_metadata", "grant_types");
	}

	@Test
	void registerWhenRedirectUriInvalidThenInvalidRedirectUri() {
		String token = newToken();

		assertRefused(register(token, """
				{"redirect_uris": ["http://partner.example/callback"]}"""), "invalid_redirect_uri", "redirect_uris[0]");
		assertRefused(register(token, """
				{"redirect_uris": ["https://partner.example/callback#x"]}"""), "invalid_redirect_uri",
				"redirect_uris[0]");
		assertRefused(register(token, """
				{"redirect_uris": ["https://*.partner.example/callback"]}"""), "invalid_redirect_uri",
				"redirect_uris[0]");
		assertRefused(register(token, "{\"redirect_uris\": \"https://partner.example/callback\"}"),
				"invalid_redirect_uri", "redirect_uris");
		assertRefused(register(token, "{\"grant_types\": [\"authorization_code\"]}"), "invalid_redirect_uri",
				"redirect_uris");
	}

	@Test
	void registerWhenChoosingWhatTheServerOrItsOperatorDecidesThenRefused() {
		String token = newToken();

		assertRefused(register(token, """
				{"client_id": "my-own-id", "redirect_uris": ["https://partner.example/callback"]}"""),
				"invalid_client_metadata", "client_id");
		assertRefused(register(token, """
				{"client_secret": "my-own-secret", "redirect_uris": ["https://partner.example/callback"]}"""),
				"invalid_client_metadata", "client_secret");
		assertRefused(register(token, """
				{"login_policy": "login-only", "redirect_uris": ["https://partner.example/callback"]}"""),
				"invalid_client_metadata", "login_policy");
		assertRefused(register(token, """
				{"introspect_any_access_token": true, "redirect_uris": ["https://partner.example/callback"]}"""),
				"invalid_client_metadata", "introspect_any_access_token");
		assertRefused(register(token, """
				{"backchannel_logout_uri": "http://127.0.0.1:9/internal",
				 "redirect_uris": ["https://partner.example/callback"]}"""),
				"invalid_client_metadata", "backchannel_logout_uri");
		assertRefused(register(token, """
				{"response_types": ["token"], "redirect_uris": ["https://partner.example/callback"]}"""),
				"invalid_client_metadata", "response_types");
	}

	@Test
	void registerWhenBodyIsNoJsonObjectThenInvalidRequest() {
		String token = newToken();

		assertError(register(token, "{"), 400, "invalid_request");
		assertError(register(token, "[]"), 400, "invalid_request");
		assertError(this.http.send("POST", REGISTER, "application/x-www-form-urlencoded",
				"redirect_uris=https://partner.example/callback".getBytes(StandardCharsets.US_ASCII), Http.bearer(token)),
				400, "invalid_request");
		assertThat(register(token, WEB_CLIENT).status()).isEqualTo(201);
	}

	@Test
	void registerWhenUnknownMetadataThenIgnored() {
		Http.Response registered = register(newToken(), """
				{"redirect_uris": ["https://partner.example/callback"], "policy_uri": "https://partner.example/policy",
				 "contacts": ["ops@partner.example"], "software_id": "4NRB1-0XZABZI9E6-5SM3R", "x-anything": {"a": 1}}""");

		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		assertThat(registered.json().has("policy_uri")).isFalse();
		assertThat(registered.json().has("contacts")).isFalse();
		assertThat(registered.json().has("x-anything")).isFalse();
	}

	@Test
	void registerWhenLogoUriThenKeptForTheConsentPageIfHttps() {
		Http.Response registered = register(newToken(), """
				{"redirect_uris": ["https://partner.example/callback"], "logo_uri": "https://partner.example/logo.png"}""");

		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		assertThat(registered.json().get("logo_uri").asString()).isEqualTo("https://partner.example/logo.png");
		assertRefused(register(newToken(), """
				{"redirect_uris": ["https://partner.example/callback"], "logo_uri": "http://partner.example/logo.png"}"""),
				"invalid_client_metadata", "logo_uri");
	}

	// ---- registration ----

	@Test
	void registerWhenValidThenCreatedWithItsSecretAndRegistrationAccessTokenOnce(CapturedOutput output) {
		JsonNode issued = initialAccessToken(1);
		String initialToken = issued.get("initial_access_token").asString();

		Http.Response registered = register(initialToken, WEB_CLIENT);

		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		assertThat(registered.header("Cache-Control")).contains("no-store");
		JsonNode client = registered.json();
		String clientId = client.get("client_id").asString();
		String secret = client.get("client_secret").asString();
		String registrationToken = client.get("registration_access_token").asString();
		assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
		assertThat(registrationToken).hasSizeGreaterThanOrEqualTo(43);
		assertThat(client.get("client_secret_expires_at").asLong()).isZero();
		assertThat(client.get("client_id_issued_at").asLong()).isPositive();
		assertThat(client.get("registration_client_uri").asString())
			.isEqualTo(this.fixture.issuer() + REGISTER + "?client_id=" + clientId);
		assertThat(client.get("client_name").asString()).isEqualTo("Partner shop");
		assertThat(client.get("token_endpoint_auth_method").asString()).isEqualTo("client_secret_basic");
		assertThat(client.get("response_types").get(0).asString()).isEqualTo("code");
		assertThat(client.has("login_policy")).as("an operator's field").isFalse();
		// the client works at the token endpoint with its secret, and is one an operator manages too
		Http.Response operatorsView = this.admin.get("/admin/v1/clients/" + clientId);
		assertThat(operatorsView.json().get("require_consent").asBoolean()).isTrue();
		assertThat(operatorsView.json().get("login_policy").asString()).isEqualTo("sign-up");
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?", String.class,
					clientId)).startsWith("{bcrypt}");
		String audit = this.admin.get("/admin/v1/audit-events?resource_type=client&resource_id=" + clientId).body();
		assertThat(audit).contains("\"action\":\"create\"",
				"\"actor\":\"initial-access-token:" + issued.get("id").asLong() + "\"");
		String tokenAudit = this.admin.get("/admin/v1/audit-events?resource_type=initial-access-token&resource_id="
				+ issued.get("id").asLong()).body();
		assertThat(tokenAudit).contains("\"action\":\"create\"", "\"actor\":\"wxauth-admin\"");
		assertThat(audit + tokenAudit + output.getAll()).doesNotContain(secret, registrationToken, initialToken);
		assertThat(this.admin.get(TOKENS + "/" + issued.get("id").asLong()).body()).doesNotContain(initialToken);
	}

	@Test
	void registeredClientWhenAPersonSignsInThenConsentThenCodeWithPkce() {
		Http.Response registered = register(newToken(), """
				{"client_name": "Partner app", "token_endpoint_auth_method": "none",
				 "redirect_uris": ["https://partner.example/callback"],
				 "grant_types": ["authorization_code", "refresh_token"], "scope": "openid profile"}""");
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		assertThat(registered.json().has("client_secret")).isFalse();
		OidcTestClient client = new OidcTestClient(this.fixture.issuer(),
				this.clients.findByClientId(registered.json().get("client_id").asString()), null);
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit consent = browser.open(client.authorizationUrl("openid profile"), client::isRedirectUri);

		assertThat(consent.page()).as("a dynamically registered client asks the person: " + consent.hops()).isNotNull();
		Pages.Form approve = Pages.form(consent.page().body(), "approve");
		assertThat(consent.page().body()).contains("Partner app");
		Browser.Visit approved = browser.submit(this.fixture.issuer() + approve.action(), approve.fields(),
				client::isRedirectUri);
		Map<String, String> redirect = OidcTestClient.parameters(approved.last());
		assertThat(redirect).containsKey("code");
		Http.Response tokens = client.redeem(redirect.get("code"));
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		assertThat(this.fixture.idToken(tokens.json()).getAudience()).containsExactly(client.clientId());
	}

	// ---- RFC 7592: the client's own registration ----

	@Test
	void readWhenRegistrationAccessTokenThenTheRegistrationWithoutItsSecret() {
		JsonNode registered = register(newToken(), WEB_CLIENT).json();
		String token = registered.get("registration_access_token").asString();

		Http.Response read = manage("GET", registered, token, null);

		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.header("Cache-Control")).contains("no-store");
		assertThat(read.json().get("client_id").asString()).isEqualTo(registered.get("client_id").asString());
		assertThat(read.json().get("redirect_uris").get(0).asString()).isEqualTo("https://partner.example/callback");
		assertThat(read.json().get("registration_access_token").asString()).isEqualTo(token);
		assertThat(read.json().has("client_secret")).isFalse();
		assertThat(read.body()).doesNotContain(registered.get("client_secret").asString());
	}

	@Test
	void manageWhenNoOrAnotherTokenThenUnauthorized() {
		JsonNode registered = register(newToken(), WEB_CLIENT).json();
		JsonNode other = register(newToken(), WEB_CLIENT).json();
		String othersToken = other.get("registration_access_token").asString();

		assertUnauthorized(this.http.get(registered.get("registration_client_uri").asString()
			.substring(this.fixture.issuer().length())));
		assertUnauthorized(manage("GET", registered, othersToken, null));
		assertUnauthorized(manage("PUT", registered, othersToken, WEB_CLIENT));
		assertUnauthorized(manage("DELETE", registered, othersToken, null));
		assertUnauthorized(manage("GET", registered, this.admin.token, null));
		assertUnauthorized(this.http.get(REGISTER + "?client_id=demo-web", Http.bearer(othersToken)));
		assertThat(manage("GET", registered, registered.get("registration_access_token").asString(), null).status())
			.isEqualTo(200);
	}

	@Test
	void updateWhenFullMetadataThenReplacedAuditedAndTheOperatorsSettingsKept() {
		JsonNode registered = register(newToken(), WEB_CLIENT).json();
		String clientId = registered.get("client_id").asString();
		String token = registered.get("registration_access_token").asString();
		this.admin.patch("/admin/v1/clients/" + clientId, "{\"require_consent\": false, \"access_token_lifetime\": 600}");

		Http.Response updated = manage("PUT", registered, token, """
				{"client_id": "%s", "client_name": "Partner shop 2",
				 "redirect_uris": ["https://partner.example/callback", "https://partner.example/callback2"],
				 "grant_types": ["authorization_code"], "scope": "openid"}""".formatted(clientId));

		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().get("client_name").asString()).isEqualTo("Partner shop 2");
		assertThat(updated.json().get("redirect_uris")).hasSize(2);
		assertThat(updated.json().get("registration_access_token").asString()).isEqualTo(token);
		JsonNode operatorsView = this.admin.get("/admin/v1/clients/" + clientId).json();
		assertThat(operatorsView.get("grant_types").get(0).asString()).isEqualTo("authorization_code");
		assertThat(operatorsView.get("grant_types")).hasSize(1);
		assertThat(operatorsView.get("require_consent").asBoolean()).isFalse();
		assertThat(operatorsView.get("access_token_lifetime").asLong()).isEqualTo(600);
		assertThat(lastActor("update", clientId)).isEqualTo(clientId);
	}

	@Test
	void updateWhenTheRegistrationAsItCameThenAccepted() {
		JsonNode registered = register(newToken(), WEB_CLIENT).json();

		Http.Response updated = manage("PUT", registered, registered.get("registration_access_token").asString(),
				registered.toString());

		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().get("client_name").asString()).isEqualTo("Partner shop");
	}

	@Test
	void updateWhenBreakingARuleThenRefusedAndNothingChanged() {
		JsonNode registered = register(newToken(), WEB_CLIENT).json();
		String token = registered.get("registration_access_token").asString();

		assertRefused(manage("PUT", registered, token, """
				{"redirect_uris": ["https://partner.example/callback"], "scope": "wxauth.admin"}"""),
				"invalid_client_metadata", "scope");
		assertRefused(manage("PUT", registered, token, """
				{"redirect_uris": ["https://partner.example/callback"], "grant_types": ["client_credentials"]}"""),
				"invalid_client_metadata", "client_credentials");
		assertRefused(manage("PUT", registered, token, """
				{"redirect_uris": ["http://partner.example/callback"]}"""), "invalid_redirect_uri", "redirect_uris[0]");
		assertRefused(manage("PUT", registered, token, """
				{"client_id": "demo-web", "redirect_uris": ["https://partner.example/callback"]}"""),
				"invalid_client_metadata", "client_id");
		assertRefused(manage("PUT", registered, token, """
				{"client_secret": "not-the-secret", "redirect_uris": ["https://partner.example/callback"]}"""),
				"invalid_client_metadata", "client_secret");
		assertRefused(manage("PUT", registered, token, """
				{"token_endpoint_auth_method": "none", "redirect_uris": ["https://partner.example/callback"]}"""),
				"invalid_client_metadata", "token_endpoint_auth_method");
		assertThat(manage("GET", registered, token, null).json().get("scope").asString()).isEqualTo("openid profile");
	}

	@Test
	void deleteWhenRegistrationAccessTokenThenGoneWithItsToken() {
		JsonNode registered = register(newToken(), WEB_CLIENT).json();
		String clientId = registered.get("client_id").asString();
		String token = registered.get("registration_access_token").asString();

		Http.Response deleted = manage("DELETE", registered, token, null);

		assertThat(deleted.status()).isEqualTo(204);
		assertUnauthorized(manage("GET", registered, token, null));
		assertThat(this.admin.get("/admin/v1/clients/" + clientId).status()).isEqualTo(404);
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM registration_access_tokens WHERE client_id = ?", Integer.class,
					clientId)).isZero();
		assertThat(lastActor("delete", clientId)).isEqualTo(clientId);
	}

	@Test
	void manageWhenAnOperatorDisabledTheClientThenUnauthorized() {
		JsonNode registered = register(newToken(), WEB_CLIENT).json();
		String token = registered.get("registration_access_token").asString();

		this.admin.patch("/admin/v1/clients/" + registered.get("client_id").asString(), "{\"disabled\": true}");

		assertUnauthorized(manage("GET", registered, token, null));
		assertUnauthorized(manage("PUT", registered, token, WEB_CLIENT));
		assertUnauthorized(manage("DELETE", registered, token, null));
	}

	@Test
	void manageWhenNoClientIdOrAnotherMethodThenRefused() {
		JsonNode registered = register(newToken(), WEB_CLIENT).json();
		String token = registered.get("registration_access_token").asString();

		assertError(this.http.get(REGISTER, Http.bearer(token)), 400, "invalid_request");
		assertThat(this.http.send("PATCH", REGISTER, "application/json", "{}".getBytes(StandardCharsets.US_ASCII),
				Http.bearer(token)).status()).isEqualTo(405);
	}

	// ---- the admin API's initial access tokens ----

	@Test
	void issueWhenAdminThenTheTokenOnceAndListedWithoutIt() {
		Http.Response issued = this.admin.post(TOKENS, "{\"expires_in\": 3600, \"uses\": 3}");

		assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
		long id = issued.json().get("id").asLong();
		assertThat(issued.header("Location")).isEqualTo(TOKENS + "/" + id);
		String token = issued.json().get("initial_access_token").asString();
		assertThat(token).hasSizeGreaterThanOrEqualTo(43);
		assertThat(issued.json().get("uses").asInt()).isEqualTo(3);
		assertThat(issued.json().get("used").asInt()).isZero();
		assertThat(issued.json().get("created_by").asString()).isEqualTo("wxauth-admin");
		assertThat(issued.json().get("active").asBoolean()).isTrue();
		Http.Response listed = this.admin.get(TOKENS + "?limit=200");
		assertThat(listed.body()).contains("\"id\":" + id).doesNotContain(token);
		assertThat(this.admin.get(TOKENS + "/" + id).body()).doesNotContain(token);
		assertThat(this.admin.post(TOKENS, "").status()).as("the defaults").isEqualTo(201);
	}

	@Test
	void issueWhenOutOfBoundsThenRefusedByField() {
		ClientAdminApiTests.assertProblem(this.admin.post(TOKENS, "{\"expires_in\": 0}"), 400, "expires_in");
		ClientAdminApiTests.assertProblem(this.admin.post(TOKENS, "{\"expires_in\": 99999999}"), 400, "expires_in");
		ClientAdminApiTests.assertProblem(this.admin.post(TOKENS, "{\"expires_in\": \"1h\"}"), 400, "expires_in");
		ClientAdminApiTests.assertProblem(this.admin.post(TOKENS, "{\"uses\": 0}"), 400, "uses");
		ClientAdminApiTests.assertProblem(this.admin.post(TOKENS, "{\"uses\": 100000}"), 400, "uses");
		ClientAdminApiTests.assertProblem(this.admin.post(TOKENS, "{\"scope\": \"x\"}"), 400, "scope");
		ClientAdminApiTests.assertProblem(this.admin.get(TOKENS + "/not-a-number"), 404);
		ClientAdminApiTests.assertProblem(this.admin.delete(TOKENS + "/999999999"), 404);
	}

	@Test
	void issueWhenReadOnlyAdminThenForbidden() {
		AdminApiTestClient reader = AdminApiTestClient.as(this.http, "wxauth.admin.read");

		assertThat(reader.post(TOKENS, "{}").status()).isEqualTo(403);
		assertThat(reader.get(TOKENS).status()).isEqualTo(200);
		assertThat(this.http.postJson(TOKENS, "{}").status()).isEqualTo(401);
	}

	@Test
	void purgeWhenTokensOpenedNothingForLongerThanTheRetentionThenOnlyThoseDeleted() {
		long expiredLongAgo = initialAccessToken(1).get("id").asLong();
		long usedUpLongAgo = initialAccessToken(1).get("id").asLong();
		long expiredRecently = initialAccessToken(1).get("id").asLong();
		long usedUpRecently = initialAccessToken(1).get("id").asLong();
		long live = initialAccessToken(1).get("id").asLong();
		String age = "UPDATE initial_access_tokens SET created_at = now() - ?::interval, expires_at = now() + ?::interval,"
				+ " used = ? WHERE id = ?";
		this.fixture.jdbc().update(age, "120 days", "-91 days", 0, expiredLongAgo);
		this.fixture.jdbc().update(age, "91 days", "1 day", 1, usedUpLongAgo);
		this.fixture.jdbc().update(age, "120 days", "-89 days", 0, expiredRecently);
		this.fixture.jdbc().update(age, "89 days", "1 day", 1, usedUpRecently);

		int purged = this.initialAccessTokens.purge();

		assertThat(purged).isGreaterThanOrEqualTo(2);
		assertThat(this.admin.get(TOKENS + "/" + expiredLongAgo).status()).isEqualTo(404);
		assertThat(this.admin.get(TOKENS + "/" + usedUpLongAgo).status()).isEqualTo(404);
		assertThat(this.admin.get(TOKENS + "/" + expiredRecently).json().get("active").asBoolean()).isFalse();
		assertThat(this.admin.get(TOKENS + "/" + usedUpRecently).json().get("active").asBoolean()).isFalse();
		assertThat(this.admin.get(TOKENS + "/" + live).json().get("active").asBoolean()).isTrue();
	}

	// ---- discovery ----

	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" })
	void metadataWhenRequestedThenAdvertisesTheRegistrationEndpoint(String path) {
		JsonNode metadata = this.http.get(path).json();

		assertThat(metadata.get("registration_endpoint").asString()).isEqualTo(this.fixture.issuer() + REGISTER);
	}

	@Test
	void otherMethodsThenOAuthErrorJsonNeverAPageOrProblem() {
		for (String method : new String[] { "OPTIONS", "HEAD", "PATCH" }) {
			Http.Response response = this.http.send(method, REGISTER, null, null);

			assertThat(response.status()).as(method + " " + response).isBetween(400, 499);
			if (!method.equals("HEAD")) {
				assertThat(response.json().has("error")).as(method + " " + response.body()).isTrue();
			}
		}
	}

}
