package dev.wxauth.server.admin;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.wxauth.server.admin.clients.AdminClientBootstrapTestAccess;
import dev.wxauth.server.admin.clients.ClientRegistrations;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may use the admin API, and its OpenAPI document against the endpoints it describes.
 */
@AuthServerTest
class AdminApiSecurityTests {

	static final String CLIENTS = "/admin/v1/clients";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	ClientRegistrations registrations;

	Http http;

	@BeforeEach
	void http() {
		this.http = this.fixture.http();
	}

	static void assertRefused(Http.Response response, int status, String challenge) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains(challenge);
	}

	@Test
	void requestWhenNoTokenThenUnauthorizedProblem() {
		assertRefused(this.http.get(CLIENTS), 401, "");
		assertRefused(this.http.postJson(CLIENTS, "{}"), 401, "");
	}

	@Test
	void requestWhenTokenIsNotOneOfOursThenUnauthorized() {
		assertRefused(this.http.get(CLIENTS, Http.bearer("not-a-token")), 401, "invalid_token");
	}

	@Test
	void requestWhenReadScopeThenReadsButCannotChange() {
		AdminApiTestClient reader = AdminApiTestClient.as(this.http, "wxauth.admin.read");

		assertThat(reader.get(CLIENTS).status()).isEqualTo(200);
		assertThat(reader.get("/admin/v1/audit-events").status()).isEqualTo(200);
		assertRefused(reader.post(CLIENTS, "{\"grant_types\": [\"client_credentials\"]}"), 403, "insufficient_scope");
		assertRefused(reader.delete(CLIENTS + "/demo-service"), 403, "insufficient_scope");
	}

	@Test
	void requestWhenTokenWithoutAdminScopeThenForbidden() {
		Http.Response token = this.http.postForm("/oauth2/token", Http.form("grant_type", "client_credentials"),
				Http.basic("demo-service", "demo-service-secret"));
		AdminApiTestClient service = new AdminApiTestClient(this.http, token.json().get("access_token").asString());

		assertRefused(service.get(CLIENTS), 403, "insufficient_scope");
	}

	@Test
	void requestWhenTokenRevokedThenUnauthorizedAtOnce() {
		AdminApiTestClient admin = AdminApiTestClient.as(this.http, "wxauth.admin");
		assertThat(admin.get(CLIENTS).status()).isEqualTo(200);

		this.http.postForm("/oauth2/revoke", Http.form("token", admin.token),
				Http.basic(AdminApiTestClient.ADMIN, AdminApiTestClient.ADMIN_SECRET));

		assertRefused(admin.get(CLIENTS), 401, "invalid_token");
	}

	@Test
	void requestWhenTheAdminClientWasDisabledSinceItsTokenThenUnauthorized() {
		AdminApiTestClient dev = AdminApiTestClient.as(this.http, "wxauth.admin");
		Http.Response created = dev.post(CLIENTS, """
				{"grant_types": ["client_credentials"], "scope": "wxauth.admin"}""");
		String clientId = created.json().get("client_id").asString();
		Http.Response token = this.http.postForm("/oauth2/token", Http.form("grant_type", "client_credentials"),
				Http.basic(clientId, created.json().get("client_secret").asString()));
		AdminApiTestClient other = new AdminApiTestClient(this.http, token.json().get("access_token").asString());
		assertThat(other.get(CLIENTS).status()).isEqualTo(200);

		dev.patch(CLIENTS + "/" + clientId, "{\"disabled\": true}");

		assertRefused(other.get(CLIENTS), 401, "invalid_token");
		assertRefused(other.patch(CLIENTS + "/" + clientId, "{\"disabled\": false}"), 401, "invalid_token");
	}

	@Test
	void requestWhenAPersonsAccessTokenThenForbidden() {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		Http.Response login = miniProgram.login(this.fixture.wechat().mintJsCode(WeChatLoginFixture.MINI_PROGRAM,
				"alice"));
		AdminApiTestClient person = new AdminApiTestClient(this.http, login.json().get("access_token").asString());

		assertRefused(person.get(CLIENTS), 403, "insufficient_scope");
	}

	@Test
	void registerWhenAdminScopesOnADPoPBoundClientThenRefused() {
		AdminApiTestClient admin = AdminApiTestClient.as(this.http, "wxauth.admin");

		Http.Response refused = admin.post(CLIENTS, """
				{"grant_types": ["client_credentials"], "scope": "wxauth.admin", "dpop_bound_access_tokens": true}""");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("dpop_bound_access_tokens");
	}

	@Test
	void bootstrapWhenConfiguredThenTheAdminClientExistsOnceAndWorks() {
		String clientId = "ops-" + UUID.randomUUID();
		String secret = "a-secret-from-the-operators-vault-0123456789";
		AdminClientBootstrapTestAccess bootstrap = new AdminClientBootstrapTestAccess(this.registrations, clientId,
				secret);

		bootstrap.run();
		bootstrap.run();

		Http.Response token = this.http.postForm("/oauth2/token",
				Http.form("grant_type", "client_credentials", "scope", "wxauth.admin"), Http.basic(clientId, secret));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		AdminApiTestClient ops = new AdminApiTestClient(this.http, token.json().get("access_token").asString());
		assertThat(ops.get("/admin/v1/audit-events?resource_id=" + clientId).json().get("items")).singleElement()
			.satisfies((event) -> assertThat(event.get("actor").asString()).isEqualTo("bootstrap"));
	}

	@Test
	void openApiWhenReadThenPublicAndDescribesExactlyTheEndpoints() {
		Http.Response response = this.http.get("/admin/v1/openapi.json");

		assertThat(response.status()).isEqualTo(200);
		JsonNode document = response.json();
		assertThat(document.get("openapi").asString()).startsWith("3.1");
		assertThat(document.get("servers").get(0).get("url").asString()).isEqualTo(this.fixture.issuer());
		Set<String> documented = new TreeSet<>();
		document.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			if (!operation.getKey().equals("parameters")) {
				documented.add(operation.getKey().toUpperCase() + " " + normalized(path.getKey()));
			}
		}));
		Set<String> served = new TreeSet<>();
		this.mappings.getHandlerMethods().keySet().forEach((mapping) -> mapping.getPatternValues().forEach((pattern) -> {
			if (pattern.startsWith("/admin/v1/")) {
				for (RequestMethod method : mapping.getMethodsCondition().getMethods()) {
					served.add(method.name() + " " + normalized(pattern));
				}
			}
		}));
		assertThat(documented).isEqualTo(served);
	}

	/** Path variables named any way: {@code /clients/{client_id}} and {@code /clients/{clientId}} are one path. */
	private static String normalized(String path) {
		return path.replaceAll("\\{[^}]+}", "{}");
	}

}
