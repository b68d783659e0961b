package dev.wxauth.server.dev;

import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

/**
 * Dev mode only: registers the demo clients once, so that {@code make run} is usable at once. Their secrets are
 * public knowledge (README); never enable the {@code dev} profile in production.
 */
@Component
@Profile("dev")
final class DevClients implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DevClients.class);

	static final String DEMO_SERVICE = "demo-service";

	private final RegisteredClientRepository clients;

	private final PasswordEncoder passwordEncoder;

	DevClients(RegisteredClientRepository clients, PasswordEncoder passwordEncoder) {
		this.clients = clients;
		this.passwordEncoder = passwordEncoder;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.clients.findByClientId(DEMO_SERVICE) == null) {
			this.clients.save(demoService());
			logger.warn("Dev mode: registered the demo client '" + DEMO_SERVICE + "' (its secret is in README)");
		}
	}

	private RegisteredClient demoService() {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(DEMO_SERVICE)
			.clientName("Demo service (dev only)")
			.clientSecret(this.passwordEncoder.encode("demo-service-secret"))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("api.read")
			.scope("api.write")
			.build();
	}

}
