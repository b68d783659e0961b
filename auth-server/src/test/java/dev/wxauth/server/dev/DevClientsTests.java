package dev.wxauth.server.dev;

import dev.wxauth.server.WxauthApplication;
import dev.wxauth.server.client.AccessTokenAudience;
import dev.wxauth.server.testing.TestRegisteredClients;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dev mode's demo clients get access tokens the sample resource server accepts: its identifier is their audience,
 * also for a database whose demo clients were registered before they had one.
 */
class DevClientsTests {

	static void start(RegisteredClientRepository clients) {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles(WxauthApplication.DEV_PROFILE);
		new DevClients(clients, PasswordEncoderFactories.createDelegatingPasswordEncoder(), environment)
			.afterSingletonsInstantiated();
	}

	@Test
	void startWhenNoDemoClientsThenEachRegisteredForTheSampleApi() {
		RegisteredClientRepository clients = new InMemoryRegisteredClientRepository(
				TestRegisteredClients.webClient().build());

		start(clients);

		for (String clientId : new String[] { "demo-service", "demo-web", "demo-mini-program", "demo-app" }) {
			assertThat(AccessTokenAudience.of(clients.findByClientId(clientId))).as(clientId)
				.containsExactly("http://localhost:8081");
		}
	}

	@Test
	void startWhenDemoClientRegisteredWithoutAudienceThenGivenItKeepingTheRest() {
		RegisteredClient before = TestRegisteredClients.webClient().clientId("demo-web").build();
		RegisteredClientRepository clients = new InMemoryRegisteredClientRepository(before);

		start(clients);

		RegisteredClient after = clients.findByClientId("demo-web");
		assertThat(AccessTokenAudience.of(after)).containsExactly("http://localhost:8081");
		assertThat(after.getId()).isEqualTo(before.getId());
		assertThat(after.getClientSecret()).isEqualTo(before.getClientSecret());
		assertThat(after.getRedirectUris()).isEqualTo(before.getRedirectUris());
		assertThat(after.getClientSettings().isRequireAuthorizationConsent()).isFalse();
	}

}
