package dev.wxauth.server.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.wxauth.server.client.ClientLogo;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/v1/clients} over real HTTP with the dev admin client's tokens: each operation's answer, its audit
 * event, and that the protocol endpoints then treat the client as the API says.
 */
@AuthServerTest
@ExtendWith(OutputCaptureExtension.class)
class ClientAdminApiTests {

	static final String CLIENTS = "/admin/v1/clients";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	RegisteredClientRepository clients;

	Http http;

	AdminApiTestClient admin;

	@BeforeEach
	void admin() {
		this.http = this.fixture.http();
		this.admin = AdminApiTestClient.as(this.http, "wxauth.admin");
	}

	/** As a resource server entitled to introspect any client's access tokens asks. */
	boolean introspectedActive(String token) {
		Http.Response introspector = this.admin.post(CLIENTS, """
				{"grant_types": ["client_credentials"], "introspect_any_access_token": true}""");
		Http.Response answer = this.http.postForm("/oauth2/introspect", Http.form("token", token),
				Http.basic(introspector.json().get("client_id").asString(),
						introspector.json().get("client_secret").asString()));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.json().get("active").asBoolean();
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	Http.Response createService(String clientId) {
		return this.admin.post(CLIENTS, """
				{"client_id": "%s", "client_name": "Billing", "grant_types": ["client_credentials"], "scope": "api.read"}"""
			.formatted(clientId));
	}

	Http.Response serviceToken(String clientId, String secret) {
		return this.http.postForm("/oauth2/token", Http.form("grant_type", "client_credentials"),
				Http.basic(clientId, secret));
	}

	static void assertProblem(Http.Response response, int status, String... fields) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		List<String> named = new ArrayList<>();
		JsonNode errors = response.json().get("errors");
		if (errors != null) {
			errors.forEach((error) -> named.add(error.get("field").asString()));
		}
		assertThat(named).as(response.body()).contains(fields);
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

	@Test
	void createWhenConfidentialThenSecretShownOnceAndItWorks(CapturedOutput output) {
		String clientId = unique("billing");

		Http.Response created = createService(clientId);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo(CLIENTS + "/" + clientId);
		String secret = created.json().get("client_secret").asString();
		assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
		assertThat(created.json().get("client_secret_expires_at").asLong()).isZero();
		assertThat(created.json().get("token_endpoint_auth_method").asString()).isEqualTo("client_secret_basic");
		assertThat(serviceToken(clientId, secret).status()).isEqualTo(200);
		Http.Response read = this.admin.get(CLIENTS + "/" + clientId);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().has("client_secret")).isFalse();
		assertThat(read.body()).doesNotContain(secret);
		assertThat(this.admin.get("/admin/v1/audit-events?resource_type=client&resource_id=" + clientId).body())
			.contains("\"action\":\"create\"", "\"actor\":\"wxauth-admin\"")
			.doesNotContain(secret);
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?", String.class,
					clientId)).startsWith("{bcrypt}").doesNotContain(secret);
		assertThat(output.getAll()).doesNotContain(secret);
	}

	@Test
	void createWhenMiniProgramClientThenPublicWithoutSecretAndItsGrantWorks() {
		String clientId = unique("shop");

		Http.Response created = this.admin.post(CLIENTS, """
				{"client_id": "%s", "token_endpoint_auth_method": "none", "wechat_app": "mini-program",
				 "grant_types": ["urn:wxauth:params:oauth:grant-type:wechat-mini-program", "refresh_token"],
				 "scope": "openid profile"}""".formatted(clientId));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().has("client_secret")).isFalse();
		CodeGrantClient miniProgram = new CodeGrantClient(this.fixture.issuer(),
				WeChatGrantTypes.MINI_PROGRAM.getValue(), this.clients.findByClientId(clientId));
		Http.Response login = miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, "alice"));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
	}

	@Test
	void createWhenFieldsBreakTheRulesThenEachNamed() {
		Http.Response response = this.admin.post(CLIENTS, """
				{"client_id": "%s", "grant_types": ["authorization_code"],
				 "redirect_uris": ["http://app.example/cb", "https://app.example/cb#x", "https://*.example/cb", "/cb",
				                   "https://app.example/ok"],
				 "scope": "openid wxauth.admin"}""".formatted(unique("web")));

		assertProblem(response, 400, "redirect_uris[0]", "redirect_uris[1]", "redirect_uris[2]", "redirect_uris[3]",
				"scope");
		assertThat(response.body()).doesNotContain("redirect_uris[4]");
	}

	@Test
	void createWhenUnknownFieldOrWrongTypeOrSecretGivenThenNamed() {
		assertProblem(this.admin.post(CLIENTS, "{\"redirect_uri\": \"https://a.example/cb\"}"), 400, "redirect_uri");
		assertProblem(this.admin.post(CLIENTS, "{\"grant_types\": \"client_credentials\"}"), 400, "grant_types");
		assertProblem(this.admin.post(CLIENTS, "{\"client_secret\": \"mine\"}"), 400, "client_secret");
		assertProblem(this.admin.post(CLIENTS, "{\"access_token_lifetime\": 10}"), 400, "access_token_lifetime");
		assertProblem(this.admin.post(CLIENTS, "[1, 2]"), 400, "body");
		assertProblem(this.admin.post(CLIENTS, "{not json"), 400, "body");
	}

	@Test
	void createWhenLogoUriThenKeptUntilPatchedAway() {
		String clientId = unique("shop");

		Http.Response created = this.admin.post(CLIENTS, """
				{"client_id": "%s", "redirect_uris": ["https://shop.example/cb"],
				 "logo_uri": "https://cdn.shop.example/logo.png"}""".formatted(clientId));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(this.admin.get(CLIENTS + "/" + clientId).json().get("logo_uri").asString())
			.isEqualTo("https://cdn.shop.example/logo.png");
		assertThat(this.clients.findByClientId(clientId).getClientSettings()
			.<String>getSetting(ClientLogo.CLIENT_SETTING)).isEqualTo("https://cdn.shop.example/logo.png");
		Http.Response patched = this.admin.patch(CLIENTS + "/" + clientId, "{\"logo_uri\": null}");
		assertThat(patched.json().get("logo_uri").isNull()).as(patched.toString()).isTrue();
		assertThat(this.clients.findByClientId(clientId).getClientSettings().getSettings())
			.doesNotContainKey(ClientLogo.CLIENT_SETTING);
	}

	@Test
	void createWhenLogoUriIsNotAPlainHttpsUrlThenRefused() {
		for (String logo : List.of("http://cdn.shop.example/logo.png", "https://user:pw@cdn.shop.example/logo.png",
				"https://cdn.shop.example/logo.png#x", "javascript:alert(1)", "/logo.png", "https://a b/logo.png",
				"https://cdn.shop.example;script-src */logo.png", "https://" + "a".repeat(2000) + ".example/")) {
			assertProblem(this.admin.post(CLIENTS, """
					{"redirect_uris": ["https://shop.example/cb"], "logo_uri": "%s"}""".formatted(logo)), 400,
					"logo_uri");
		}
	}

	@Test
	void createWhenPublicClientAsksForWhatNeedsASecretThenRefused() {
		assertProblem(this.admin.post(CLIENTS, """
				{"token_endpoint_auth_method": "none", "grant_types": ["client_credentials"]}"""), 400, "grant_types");
		assertProblem(this.admin.post(CLIENTS, """
				{"token_endpoint_auth_method": "none", "grant_types": ["authorization_code"],
				 "redirect_uris": ["com.example.app:/callback"], "require_pkce": false}"""), 400, "require_pkce");
		assertProblem(this.admin.post(CLIENTS, """
				{"token_endpoint_auth_method": "none", "wechat_app": "website",
				 "grant_types": ["urn:wxauth:params:oauth:grant-type:wechat-mini-program"]}"""), 400, "wechat_app");
		assertProblem(this.admin.post(CLIENTS, """
				{"grant_types": ["urn:wxauth:params:oauth:grant-type:wechat-app"], "wechat_app": "mobile-app"}"""),
				400, "token_endpoint_auth_method");
	}

	@Test
	void createWhenNativeAppWithPrivateUseSchemeThenRegistered() {
		Http.Response created = this.admin.post(CLIENTS, """
				{"token_endpoint_auth_method": "none", "grant_types": ["authorization_code"],
				 "redirect_uris": ["com.example.app:/callback", "http://127.0.0.1/callback"]}""");

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().get("require_pkce").asBoolean()).isTrue();
		assertThat(created.json().get("client_id").asString()).isNotBlank();
	}

	@Test
	void createWhenClientIdTakenThenConflict() {
		String clientId = unique("taken");
		createService(clientId);

		assertProblem(createService(clientId), 409, "client_id");
	}

	@Test
	void getWhenUnknownThenNotFound() {
		assertProblem(this.admin.get(CLIENTS + "/" + unique("nobody")), 404);
	}

	@Test
	void patchWhenFieldsGivenThenOnlyThoseChangeAndTheEventShowsBeforeAndAfter() {
		String clientId = unique("billing");
		createService(clientId);

		Http.Response patched = this.admin.patch(CLIENTS + "/" + clientId,
				"{\"client_name\": \"Billing v2\", \"access_token_lifetime\": 600}");

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json().get("client_name").asString()).isEqualTo("Billing v2");
		assertThat(patched.json().get("scope").asString()).isEqualTo("api.read");
		JsonNode event = this.admin.get("/admin/v1/audit-events?action=update&resource_id=" + clientId)
			.json()
			.get("items")
			.get(0);
		assertThat(event.get("before").get("client_name").asString()).isEqualTo("Billing");
		assertThat(event.get("after").get("access_token_lifetime").asLong()).isEqualTo(600);
	}

	@Test
	void patchWhenResultBreaksTheRulesThenRefusedAndNothingChanged() {
		String clientId = unique("billing");
		createService(clientId);

		assertProblem(this.admin.patch(CLIENTS + "/" + clientId, "{\"token_endpoint_auth_method\": \"none\"}"), 400,
				"grant_types");
		assertProblem(this.admin.patch(CLIENTS + "/" + clientId, "{\"client_id\": \"other-id\"}"), 400, "client_id");
		assertThat(this.admin.get(CLIENTS + "/" + clientId).json().get("token_endpoint_auth_method").asString())
			.isEqualTo("client_secret_basic");
	}

	@Test
	void patchWhenDisabledThenInvalidClientUntilEnabled() {
		String clientId = unique("billing");
		String secret = createService(clientId).json().get("client_secret").asString();

		this.admin.patch(CLIENTS + "/" + clientId, "{\"disabled\": true}");
		Http.Response refused = serviceToken(clientId, secret);
		this.admin.patch(CLIENTS + "/" + clientId, "{\"disabled\": false}");

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json().get("error").asString()).isEqualTo("invalid_client");
		assertThat(serviceToken(clientId, secret).status()).isEqualTo(200);
	}

	@Test
	void putWhenFieldsLeftOutThenTheyTakeTheirDefaults() {
		String clientId = unique("billing");
		createService(clientId);

		Http.Response replaced = this.admin.put(CLIENTS + "/" + clientId,
				"{\"grant_types\": [\"client_credentials\"], \"scope\": \"api.write\"}");

		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
		assertThat(replaced.json().get("scope").asString()).isEqualTo("api.write");
		assertThat(replaced.json().get("client_name").isNull()).isTrue();
	}

	@Test
	void rotateSecretWhenDoneThenOnlyTheNewSecretWorks() {
		String clientId = unique("billing");
		String old = createService(clientId).json().get("client_secret").asString();
		assertThat(serviceToken(clientId, old).status()).isEqualTo(200);

		Http.Response rotated = this.admin.post(CLIENTS + "/" + clientId + "/secret", null);

		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		String secret = rotated.json().get("client_secret").asString();
		assertThat(secret).isNotEqualTo(old);
		assertThat(serviceToken(clientId, old).status()).isEqualTo(401);
		assertThat(serviceToken(clientId, secret).status()).isEqualTo(200);
		assertThat(this.admin.get("/admin/v1/audit-events?resource_id=" + clientId).body()).contains("rotate-secret")
			.doesNotContain(secret);
	}

	@Test
	void rotateSecretWhenOverlapAskedThenBothWorkAndTheAnswerSaysUntilWhen() {
		String clientId = unique("billing");
		String old = createService(clientId).json().get("client_secret").asString();

		Http.Response rotated = this.admin.post(CLIENTS + "/" + clientId + "/secret",
				"{\"previous_secret_valid_for\": 3600}");

		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		assertThat(rotated.json().get("previous_secret_expires_at").asLong())
			.isBetween(Instant.now().plusSeconds(3500).getEpochSecond(), Instant.now().plusSeconds(3700).getEpochSecond());
		assertThat(serviceToken(clientId, old).status()).isEqualTo(200);
		assertThat(serviceToken(clientId, rotated.json().get("client_secret").asString()).status()).isEqualTo(200);
		assertProblem(this.admin.post(CLIENTS + "/" + clientId + "/secret", "{\"previous_secret_valid_for\": -1}"),
				400, "previous_secret_valid_for");
		assertProblem(this.admin.post(CLIENTS + "/" + clientId + "/secret", "{\"overlap\": 60}"), 400, "overlap");
	}

	@Test
	void deleteWhenDoneThenGoneWithItsTokens() {
		String clientId = unique("billing");
		String secret = createService(clientId).json().get("client_secret").asString();
		String token = serviceToken(clientId, secret).json().get("access_token").asString();

		assertThat(introspectedActive(token)).isTrue();

		Http.Response deleted = this.admin.delete(CLIENTS + "/" + clientId);

		assertThat(deleted.status()).isEqualTo(204);
		assertProblem(this.admin.get(CLIENTS + "/" + clientId), 404);
		assertThat(serviceToken(clientId, secret).status()).isEqualTo(401);
		assertThat(introspectedActive(token)).isFalse();
		assertThat(this.admin.get("/admin/v1/audit-events?action=delete&resource_id=" + clientId).json().get("items"))
			.hasSize(1);
	}

	@Test
	void patchWhenDisabledOrAScopeTakenAwayThenItsLiveTokensAreRevoked() {
		String clientId = unique("billing");
		String secret = createService(clientId).json().get("client_secret").asString();
		String beforeDisabling = serviceToken(clientId, secret).json().get("access_token").asString();

		this.admin.patch(CLIENTS + "/" + clientId, "{\"disabled\": true}");
		this.admin.patch(CLIENTS + "/" + clientId, "{\"disabled\": false}");
		String beforeScopeLoss = serviceToken(clientId, secret).json().get("access_token").asString();
		this.admin.patch(CLIENTS + "/" + clientId, "{\"scope\": \"\"}");

		assertThat(introspectedActive(beforeDisabling)).isFalse();
		assertThat(introspectedActive(beforeScopeLoss)).isFalse();
	}

	@Test
	void patchWhenClientRegisteredOutsideTheApiThenWhatTheMetadataCannotSayIsKept() {
		RegisteredClient legacy = this.fixture.register(TestRegisteredClients.webClient()
			.clientId("legacy client " + UUID.randomUUID())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.tokenSettings(TokenSettings.builder().reuseRefreshTokens(true).authorizationCodeTimeToLive(Duration.ofSeconds(90)).build()));

		Http.Response patched = this.admin.patch(CLIENTS + "/" + legacy.getClientId().replace(" ", "%20"),
				"{\"client_name\": \"Renamed\"}");

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		RegisteredClient after = this.clients.findByClientId(legacy.getClientId());
		assertThat(after.getClientName()).isEqualTo("Renamed");
		assertThat(after.getClientAuthenticationMethods()).isEqualTo(legacy.getClientAuthenticationMethods());
		assertThat(after.getTokenSettings().isReuseRefreshTokens()).isTrue();
		assertThat(after.getTokenSettings().getAuthorizationCodeTimeToLive()).isEqualTo(Duration.ofSeconds(90));
		assertThat(after.getClientSecret()).isEqualTo(legacy.getClientSecret());
	}

	@Test
	void listWhenMoreThanOnePageThenCursorWalksThroughAllOnce() {
		String prefix = unique("page");
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(prefix + "-" + i);
			createService(prefix + "-" + i);
		}

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Http.Response page = this.admin.get(CLIENTS + "?limit=2&grant_type=client_credentials"
					+ ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			page.json().get("items").forEach((client) -> seen.add(client.get("client_id").asString()));
			cursor = page.json().has("next_cursor") ? page.json().get("next_cursor").asString() : null;
			pages++;
		}
		while (cursor != null && pages < 1000);

		assertThat(seen).containsSubsequence(created).doesNotHaveDuplicates();
		assertThat(seen).allMatch((id) -> this.admin.get(CLIENTS + "/" + id)
			.json()
			.get("grant_types")
			.toString()
			.contains("client_credentials"));
	}

	@Test
	void listWhenLimitOrCursorIsNotOursThenNamed() {
		assertProblem(this.admin.get(CLIENTS + "?limit=0"), 400, "limit");
		assertProblem(this.admin.get(CLIENTS + "?limit=abc"), 400, "limit");
		assertProblem(this.admin.get(CLIENTS + "?cursor=%25%25"), 400, "cursor");
		assertProblem(this.admin.get(CLIENTS + "?cursor=MToA"), 400, "cursor");
		assertProblem(this.admin.get("/admin/v1/audit-events?cursor=bm90LWEtY3Vyc29y"), 400, "cursor");
	}

}
