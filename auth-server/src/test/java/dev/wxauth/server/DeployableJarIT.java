package dev.wxauth.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.TestPorts;
import dev.wxauth.server.testing.TestPostgres;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static dev.wxauth.server.testing.Http.form;
import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployable jar as README tells operators to run it: its own process, with the bean definitions Spring
 * generated at build time ({@code -Dspring.aot.enabled=true}). Those are fixed when the jar is built, so a bean
 * that only exists under some runtime condition would be missing here while every in-process test passes.
 * Runs after {@code package} (failsafe), against a real PostgreSQL and the WeChat emulator.
 */
class DeployableJarIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private Process server;

	private Path log;

	private int port;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.server != null) {
			this.server.destroy();
			this.server.waitFor();
		}
	}

	@Test
	void productionModeServesDiscoveryAndKeysAndRegistersNoDemoClients() {
		Http http = start(List.of());

		JsonNode discovery = http.get("/.well-known/openid-configuration").json();
		assertThat(discovery.path("issuer").asString()).isEqualTo(issuer());
		assertThat(http.get("/oauth2/jwks").json().path("keys")).isNotEmpty();
		Http.Response demoClient = http.postForm("/oauth2/token", form("grant_type", "client_credentials"),
				Http.basic("demo-service", "demo-service-secret"));
		assertThat(demoClient.status()).as(demoClient.toString()).isEqualTo(401);
		assertThat(demoClient.json().path("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void devModeSignsInFromTheBrowserAndTheMiniProgram() {
		Http http = start(List.of("SPRING_PROFILES_ACTIVE=dev"));

		OidcTestClient web = new OidcTestClient(issuer(), demoWeb(), "demo-web-secret");
		Browser.Visit visit = TestWeChat.person("alice", Browser.DESKTOP).open(web.authorizationUrl("openid"),
				web::isRedirectUri);
		Map<String, String> redirect = parameters(visit.last());
		assertThat(redirect).as("hops %s, then %s", visit.hops(), visit.page()).containsKey("code");
		Http.Response webTokens = web.redeem(redirect.get("code"));
		assertThat(webTokens.status()).as(webTokens.toString()).isEqualTo(200);
		assertThat(webTokens.json().path("id_token").asString()).isNotEmpty();

		CodeGrantClient miniProgram = new CodeGrantClient(issuer(), WeChatGrantTypes.MINI_PROGRAM.getValue(),
				RegisteredClient.withId("demo-mini-program")
					.clientId("demo-mini-program")
					.authorizationGrantType(WeChatGrantTypes.MINI_PROGRAM)
					.build());
		Http.Response miniProgramTokens = miniProgram
			.login(TestWeChat.emulator().mintJsCode("wxd0000000000000a3", "alice"));
		assertThat(miniProgramTokens.status()).as(miniProgramTokens.toString()).isEqualTo(200);

		Http.Response clientCredentials = http.postForm("/oauth2/token", form("grant_type", "client_credentials"),
				Http.basic("demo-service", "demo-service-secret"));
		assertThat(clientCredentials.status()).as(clientCredentials.toString()).isEqualTo(200);
	}

	private String issuer() {
		return "http://localhost:" + this.port;
	}

	/** The dev-mode web client as {@code DevClients} registers it: what a browser login needs to know of it. */
	private static RegisteredClient demoWeb() {
		return RegisteredClient.withId("demo-web")
			.clientId("demo-web")
			.clientSecret("demo-web-secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("http://localhost:8080/login/oauth2/code/wxauth")
			.build();
	}

	private Http start(List<String> environment) {
		Path jar = Path.of(System.getProperty("wxauth.deployable-jar", "target/auth-server-exec.jar"));
		assertThat(jar).as("the deployable jar (mvn package builds it)").exists();
		this.port = TestPorts.free();
		TestPostgres.Database database = TestPostgres.newDatabase("deployable_jar");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dspring.aot.enabled=true", "-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		try {
			this.log = Files.createTempFile("deployable-jar", ".log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		builder.redirectOutput(this.log.toFile());
		Map<String, String> env = builder.environment();
		env.put("PORT", String.valueOf(this.port));
		env.put("WXAUTH_ISSUER", issuer());
		env.put("WXAUTH_MASTER_KEY", RunningAuthServer.TEST_MASTER_KEY);
		env.put("WXAUTH_WECHAT_OPEN_BASE_URL", TestWeChat.emulator().baseUrl());
		env.put("WXAUTH_WECHAT_API_BASE_URL", TestWeChat.emulator().baseUrl());
		env.put("SPRING_DATASOURCE_URL", database.url());
		env.put("SPRING_DATASOURCE_USERNAME", database.username());
		env.put("SPRING_DATASOURCE_PASSWORD", database.password());
		environment.forEach((variable) -> env.put(variable.substring(0, variable.indexOf('=')),
				variable.substring(variable.indexOf('=') + 1)));
		try {
			this.server = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return awaitDiscovery(new Http(issuer()));
	}

	private Http awaitDiscovery(Http http) {
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			assertThat(this.server.isAlive()).as("the server exited early:%n%s", output()).isTrue();
			try {
				if (http.get("/.well-known/openid-configuration").status() == 200) {
					return http;
				}
			}
			catch (UncheckedIOException notYetListening) {
				// keep waiting
			}
			sleep();
		}
		throw new AssertionError("not ready within " + START_TIMEOUT + ":\n" + output());
	}

	private String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
