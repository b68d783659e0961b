package dev.wxauth.server.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wxauth.server.WxauthApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real auth server, started in-process on a real port and a real database, for tests that need it as a
 * separate party (a resource server trusting it, a restart against the same database).
 */
public final class RunningAuthServer implements AutoCloseable {

	/** A fixed master key for tests only. */
	public static final String TEST_MASTER_KEY = "dGVzdC1tYXN0ZXIta2V5LWZvci13eGF1dGgtdGVzdHM=";

	/**
	 * No rate limit: test classes share a database, an address and the demo people, and log in far faster than
	 * people do; {@code RateLimitTests} sets its own.
	 */
	static final String[] UNLIMITED = { "wxauth.rate-limits.token-requests-per-client=0",
			"wxauth.rate-limits.wechat-code-grants-per-address=0", "wxauth.rate-limits.wechat-code-grants-per-app=0",
			"wxauth.rate-limits.phone-numbers-per-user=0", "wxauth.rate-limits.phone-numbers-per-app=0" };

	private final ConfigurableApplicationContext context;

	private final int port;

	private RunningAuthServer(ConfigurableApplicationContext context, int port) {
		this.context = context;
		this.port = port;
	}

	/**
	 * Starts the server in dev mode (demo clients seeded) on {@code database}, with extra properties.
	 */
	public static RunningAuthServer start(TestPostgres.Database database, String... properties) {
		int port = TestPorts.free();
		List<String> all = new ArrayList<>(List.of(database.springProperties()));
		all.add("server.port=" + port);
		all.add("management.server.port=" + TestPorts.free());
		all.add("wxauth.issuer=http://localhost:" + port);
		all.add("wxauth.master-key=" + TEST_MASTER_KEY);
		all.addAll(List.of(TestWeChat.springProperties()));
		all.addAll(List.of(UNLIMITED));
		all.addAll(List.of(properties));
		// Later settings replace earlier ones (a repeated argument would be joined with a comma).
		Map<String, String> byName = new LinkedHashMap<>();
		all.forEach((property) -> byName.put(property.substring(0, property.indexOf('=')), property));
		// As arguments: they outrank application.yml, default properties do not.
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WxauthApplication.class)
			.profiles(WxauthApplication.DEV_PROFILE)
			.run(byName.values().stream().map((property) -> "--" + property).toArray(String[]::new));
		return new RunningAuthServer(context, port);
	}

	public String issuer() {
		return "http://localhost:" + this.port;
	}

	/** Where health and metrics are served: the management port. */
	public String managementBaseUrl() {
		return "http://localhost:" + this.context.getEnvironment().getProperty("local.management.port");
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
