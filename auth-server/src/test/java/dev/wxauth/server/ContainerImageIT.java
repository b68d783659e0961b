package dev.wxauth.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.TestPorts;
import dev.wxauth.server.testing.TestPostgres;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.wxauth.server.testing.Http.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container image as {@code docker load} reads it ({@code scripts/build-image} builds it before the *IT tests),
 * checked without a container engine, which these machines do not have: its config names the entrypoint, a user
 * that is not root, the two ports and the health check; its layers, unpacked in order, run that entrypoint as that
 * user under chroot ({@code scripts/chroot-image}), configured by environment variables only, the image's own plus
 * a deployment's, with the JDK AOT cache the image ships ({@code -XX:AOTMode=on}: the JVM refuses to start when the
 * cache does not fit its runtime and class path).
 */
class ContainerImageIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final Path CHROOT_IMAGE = Path.of("..", "scripts", "chroot-image").toAbsolutePath().normalize();

	private static final Path ROOTFS = Path.of("target", "container-image-it", "rootfs").toAbsolutePath();

	private static final String ADMIN = "image-admin";

	private static final String ADMIN_SECRET = "image-admin-secret-0123456789abcdefghij";

	private static Path image;

	private static JsonNode config;

	private static List<String> layers;

	private Process server;

	private Path log;

	@BeforeAll
	static void readImage() throws IOException {
		boolean root = "0".equals(userIdOf(ProcessHandle.current()));
		image = Path.of(System.getProperty("wxauth.image", "target/image/wxauth.tar"));
		assumeTrue(root || Files.exists(image),
				"scripts/build-image builds the image as root only (it trains the AOT cache under chroot)");
		assertThat(image).as("the image tarball (scripts/build-image, run by mvn verify)").exists();
		Path manifest = Files.createTempFile("image-manifest", ".json");
		Path configFile = Files.createTempFile("image-config", ".json");
		try {
			run("tar -xOf \"$0\" manifest.json > \"$1\"", image.toString(), manifest.toString());
			JsonNode entry = JsonMapper.shared().readTree(manifest.toFile()).get(0);
			layers = strings(entry.path("Layers"));
			run("tar -xOf \"$0\" \"$1\" > \"$2\"", image.toString(), entry.path("Config").asString(),
					configFile.toString());
			config = JsonMapper.shared().readTree(configFile.toFile());
		}
		finally {
			Files.delete(manifest);
			Files.delete(configFile);
		}
	}

	@AfterAll
	static void removeUnpackedLayers() {
		run("rm -rf \"$0\"", ROOTFS.toString());
	}

	@AfterEach
	void stop() throws InterruptedException {
		if (this.server != null) {
			// the JVM is unshare's child (scripts/chroot-image): it gets the SIGTERM a container engine sends
			this.server.children().forEach(ProcessHandle::destroy);
			if (!this.server.waitFor(60, TimeUnit.SECONDS)) {
				this.server.descendants().forEach(ProcessHandle::destroyForcibly);
				this.server.destroyForcibly();
			}
		}
	}

	@Test
	void configNamesTheEntrypointANonRootUserThePortsAndTheHealthCheck() {
		JsonNode container = config.path("config");

		assertThat(strings(container.path("Entrypoint"))).containsExactly("/opt/java/bin/java",
				"-XX:AOTCache=/app/app.aot", "-Dspring.aot.enabled=true", "-jar", "/app/auth-server.jar");
		assertThat(container.path("User").asString()).isEqualTo("10001:10001");
		assertThat(container.path("ExposedPorts").propertyNames()).containsExactlyInAnyOrder("9000/tcp", "9001/tcp");
		assertThat(environment(container)).containsEntry("PORT", "9000")
			.containsEntry("WXAUTH_MANAGEMENT_PORT", "9001")
			.containsEntry("JDK_JAVA_OPTIONS", "-XX:+UseSerialGC -Xmx112m -XX:TrimNativeHeapInterval=10000")
			.doesNotContainKeys("WXAUTH_MASTER_KEY", "SPRING_DATASOURCE_URL", "SPRING_PROFILES_ACTIVE");
		assertThat(strings(container.path("Healthcheck").path("Test"))).first().isEqualTo("CMD");
		assertThat(strings(container.path("Healthcheck").path("Test"))).contains("HealthCheck");
		assertThat(config.path("os").asString()).isEqualTo("linux");
		assertThat(config.path("architecture").asString()).isEqualTo("amd64");
		assertThat(config.path("rootfs").path("diff_ids")).hasSize(5);
	}

	@Test
	void entrypointServesDiscoveryAndIsReadyOnTheManagementPortAsTheImageUserWithItsAotCache() throws Exception {
		Path rootfs = unpackLayers();
		int port = TestPorts.free();
		int managementPort = TestPorts.free();
		String issuer = "http://localhost:" + port;
		TestPostgres.Database database = TestPostgres.newDatabase("container_image");
		Map<String, String> env = environment(config.path("config"));
		env.put("PORT", String.valueOf(port));
		env.put("WXAUTH_MANAGEMENT_PORT", String.valueOf(managementPort));
		env.put("WXAUTH_ISSUER", issuer);
		env.put("WXAUTH_MASTER_KEY", RunningAuthServer.TEST_MASTER_KEY);
		env.put("SPRING_DATASOURCE_URL", database.url());
		env.put("SPRING_DATASOURCE_USERNAME", database.username());
		env.put("SPRING_DATASOURCE_PASSWORD", database.password());
		env.put("WXAUTH_WECHAT_OPEN_BASE_URL", TestWeChat.emulator().baseUrl());
		env.put("WXAUTH_WECHAT_API_BASE_URL", TestWeChat.emulator().baseUrl());
		env.put("WXAUTH_ADMIN_BOOTSTRAPCLIENTID", ADMIN);
		env.put("WXAUTH_ADMIN_BOOTSTRAPCLIENTSECRET", ADMIN_SECRET);
		// -XX:AOTMode=on: the JVM refuses to start when the cache does not fit its runtime and class path (the
		// health check's JVM, which has no cache, gets the image's options as they are)
		Map<String, String> strictAotCache = new LinkedHashMap<>(env);
		strictAotCache.put("JDK_JAVA_OPTIONS", env.get("JDK_JAVA_OPTIONS") + " -XX:AOTMode=on");
		this.log = Files.createTempFile("container-image", ".log");
		this.server = inImage(rootfs, strictAotCache, strings(config.path("config").path("Entrypoint")))
			.redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.start();

		Http management = new Http("http://localhost:" + managementPort);
		awaitReadiness(management);
		Http http = new Http(issuer);
		assertThat(http.get("/.well-known/openid-configuration").json().path("issuer").asString()).isEqualTo(issuer);
		Http.Response token = http.postForm("/oauth2/token", form("grant_type", "client_credentials"),
				Http.basic(ADMIN, ADMIN_SECRET));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		assertThat(http.get("/actuator/health").status()).as("never on the public port").isEqualTo(404);
		assertThat(userIdOf(this.server.children().findFirst().orElseThrow())).isEqualTo("10001");
		List<String> healthCheckTest = strings(config.path("config").path("Healthcheck").path("Test"));
		Process healthCheck = inImage(rootfs, env, healthCheckTest.subList(1, healthCheckTest.size()))
			.redirectErrorStream(true)
			.start();
		String healthCheckOutput = new String(healthCheck.getInputStream().readAllBytes());
		assertThat(healthCheck.waitFor()).as(healthCheckOutput).isZero();
		assertThat(healthCheckOutput).contains("/actuator/health/readiness: 200");
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeExampleRunsTwoInstancesOfTheImageOnOneDatabaseBehindHaproxyCheckingReadiness() throws Exception {
		Path deploy = Path.of("..", "deploy");
		Map<String, Object> services = (Map<String, Object>) new Yaml()
			.<Map<String, Object>>load(Files.readString(deploy.resolve("compose.yaml")))
			.get("services");
		assertThat(services).containsOnlyKeys("postgres", "wxauth-1", "wxauth-2", "haproxy");
		for (String instance : List.of("wxauth-1", "wxauth-2")) {
			Map<String, Object> service = (Map<String, Object>) services.get(instance);
			assertThat((String) service.get("image")).contains("wxauth:");
			assertThat((Map<String, Object>) service.get("environment")).containsKeys("WXAUTH_ISSUER",
					"WXAUTH_MASTER_KEY", "SPRING_DATASOURCE_PASSWORD")
				.containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/wxauth")
				.doesNotContainKey("SPRING_PROFILES_ACTIVE");
		}
		String haproxy = Files.readString(deploy.resolve("haproxy.cfg"));
		String managementPort = environment(config.path("config")).get("WXAUTH_MANAGEMENT_PORT");
		assertThat(haproxy).contains("balance roundrobin", "option httpchk GET /actuator/health/readiness",
				"check port " + managementPort, "server wxauth-1 wxauth-1:9000", "server wxauth-2 wxauth-2:9000");
		if (Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
			run("/usr/sbin/haproxy -c -f \"$0\"", deploy.resolve("haproxy.cfg").toString());
		}
	}

	/** A command in the image as an engine runs it: its user, its file tree, this environment and nothing else. */
	private static ProcessBuilder inImage(Path rootfs, Map<String, String> env, List<String> command) {
		List<String> line = new ArrayList<>(List.of("/bin/bash", CHROOT_IMAGE.toString(), rootfs.toString(),
				config.path("config").path("User").asString()));
		line.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(line);
		builder.environment().clear();
		builder.environment().putAll(env);
		return builder;
	}

	/** The image's layers unpacked in the order its manifest lists them, as an engine lays out its file tree. */
	private static Path unpackLayers() throws IOException {
		Path rootfs = ROOTFS;
		run("rm -rf \"$0\" && mkdir -p \"$0\"", rootfs.toString());
		for (String layer : layers) {
			run("tar -xOf \"$0\" \"$1\" | tar -xpf - --same-owner -C \"$2\"", image.toString(), layer, rootfs.toString());
		}
		assertThat(rootfs.resolve("app/app.aot")).exists();
		return rootfs;
	}

	private void awaitReadiness(Http management) {
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			assertThat(this.server.isAlive()).as("the image's entrypoint exited early:%n%s", output()).isTrue();
			try {
				if (management.get("/actuator/health/readiness").status() == 200) {
					return;
				}
			}
			catch (UncheckedIOException notYetListening) {
				// keep waiting
			}
			sleep();
		}
		throw new AssertionError("not ready within " + START_TIMEOUT + ":\n" + output());
	}

	private static Map<String, String> environment(JsonNode container) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String variable : strings(container.path("Env"))) {
			environment.put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
		}
		return environment;
	}

	private static List<String> strings(JsonNode array) {
		List<String> strings = new ArrayList<>();
		array.forEach((element) -> strings.add(element.asString()));
		return strings;
	}

	private static String userIdOf(ProcessHandle process) throws IOException {
		Optional<String> uid = Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))
			.stream()
			.filter((line) -> line.startsWith("Uid:"))
			.map((line) -> line.split("\\s+")[1])
			.findFirst();
		return uid.orElseThrow();
	}

	private static void run(String script, String... arguments) {
		List<String> command = new ArrayList<>(List.of("/bin/bash", "-c", "set -o pipefail; " + script));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			assertThat(process.waitFor()).as("%s%n%s", script, output).isZero();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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
