package dev.wxauth.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points an {@link AuthServerTest} context at its own test database and a free port that is also its issuer.
 */
final class AuthServerTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		int port = TestPorts.free();
		List<String> properties = new ArrayList<>(List.of(TestPostgres.newDatabase("auth_server").springProperties()));
		properties.add("server.port=" + port);
		properties.add("management.server.port=" + TestPorts.free());
		properties.add("wxauth.issuer=http://localhost:" + port);
		properties.add("wxauth.master-key=" + RunningAuthServer.TEST_MASTER_KEY);
		properties.addAll(List.of(TestWeChat.springProperties()));
		// back-channel logout retries within seconds, not the production default's minutes
		properties.add("wxauth.back-channel-logout.first-retry=1s");
		properties.add("wxauth.back-channel-logout.poll-interval=1s");
		// unless the test class sets its own (these outrank @TestPropertySource)
		Stream.of(RunningAuthServer.UNLIMITED)
			.filter((limit) -> !context.getEnvironment().containsProperty(limit.substring(0, limit.indexOf('='))))
			.forEach(properties::add);
		TestPropertyValues.of(properties).applyTo(context);
	}

}
