package dev.wxauth.server.management;

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

import org.springframework.beans.factory.annotation.Value;

import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health on the management port, never the public one: the bare status for anyone there (a load balancer), the
 * details (database, signing keys, the last WeChat call of each app) for a token of the admin API only.
 */
@AuthServerTest
class ManagementEndpointsTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Value("${local.management.port}")
	int managementPort;

	Http management;

	@BeforeEach
	void management() {
		this.management = new Http("http://localhost:" + this.managementPort);
	}

	String adminToken(String scope) {
		Http.Response token = this.fixture.http()
			.postForm("/oauth2/token", Http.form("grant_type", "client_credentials", "scope", scope),
					Http.basic("wxauth-admin", "wxauth-admin-secret"));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		return token.json().get("access_token").asString();
	}

	@Test
	void probesWhenAskedThenUpOnTheManagementPortOnly() {
		assertThat(this.fixture.issuer()).doesNotEndWith(":" + this.managementPort);
		for (String probe : new String[] { "/actuator/health", "/actuator/health/liveness",
				"/actuator/health/readiness" }) {
			Http.Response health = this.management.get(probe);

			assertThat(health.status()).as(probe + " " + health).isEqualTo(200);
			assertThat(health.json().get("status").asString()).isEqualTo("UP");
			assertThat(health.json().has("components")).as("no details without a token").isFalse();
			assertThat(this.fixture.http().get(probe).status()).as("not on the public port").isEqualTo(404);
		}
	}

	@Test
	void detailsWhenAnAdminTokenThenDatabaseKeysAndEachAppsLastWeChatCall() {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		assertThat(miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, "alice")).status()).isEqualTo(200);

		Http.Response health = this.management.get("/actuator/health", Http.bearer(adminToken("wxauth.admin.read")));

		assertThat(health.status()).as(health.toString()).isEqualTo(200);
		JsonNode components = health.json().get("components");
		assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
		assertThat(components.get("signingKeys").get("status").asString()).isEqualTo("UP");
		assertThat(components.get("wechat").get("details").get("mini-program").get("last_outcome").asString())
			.isEqualTo("ok");
		JsonNode readiness = this.management.get("/actuator/health/readiness",
				Http.bearer(adminToken("wxauth.admin.read"))).json();
		assertThat(readiness.get("components").has("wechat")).as("WeChat never takes wxauth out of rotation")
			.isFalse();
		assertThat(readiness.get("components").has("db")).isTrue();
	}

	@Test
	void detailsWhenATokenThatOpensNoAdminApiThenStatusOnlyAndWhenNotOurTokenThen401() {
		Http.Response service = this.fixture.http()
			.postForm("/oauth2/token", Http.form("grant_type", "client_credentials"),
					Http.basic("demo-service", "demo-service-secret"));
		String serviceToken = service.json().get("access_token").asString();

		Http.Response health = this.management.get("/actuator/health", Http.bearer(serviceToken));

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().has("components")).isFalse();
		assertThat(this.management.get("/actuator/health", Http.bearer("not-a-token")).status()).isEqualTo(401);
	}

	@Test
	void prometheusWhenScrapedThenTextExposition() {
		Http.Response scraped = this.management.get("/actuator/prometheus");

		assertThat(scraped.status()).as(scraped.toString()).isEqualTo(200);
		assertThat(scraped.header("Content-Type")).startsWith("text/plain");
		assertThat(scraped.body()).contains("# HELP", "jvm_");
		assertThat(this.fixture.http().get("/actuator/prometheus").status()).isEqualTo(404);
	}

}
