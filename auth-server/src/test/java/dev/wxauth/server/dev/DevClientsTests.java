package dev.wxauth.server.dev;

import dev.wxauth.server.WxauthApplication;
import dev.wxauth.server.admin.clients.ClientRegistrations;
import dev.wxauth.server.client.AccessTokenAudience;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Dev mode registers its clients as the admin API registers any: each with its audit event (actor {@code dev}); the
 * demo clients get access tokens the sample resource server accepts (its identifier is their audience), the admin
 * client gets the admin scopes.
 */
@AuthServerTest
class DevClientsTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	RegisteredClientRepository clients;

	@Autowired
	ClientRegistrations registrations;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	JsonMapper json;

	@Autowired
	AuthorizationServerSettings settings;

	@Test
	void startWhenDevModeThenDemoClientsRegisteredForTheSampleApiAndTheAppsForTheAccountApiToo() {
		for (String clientId : new String[] { "demo-service", "demo-web" }) {
			assertThat(AccessTokenAudience.of(this.clients.findByClientId(clientId))).as(clientId)
				.containsExactly(DevClients.SAMPLE_API);
		}
		for (String clientId : new String[] { "demo-mini-program", "demo-app" }) {
			assertThat(AccessTokenAudience.of(this.clients.findByClientId(clientId))).as(clientId)
				.containsExactly(DevClients.SAMPLE_API, this.fixture.issuer() + "/account/v1");
		}
	}

	@Test
	void startWhenADemoAppIsNotYetForTheAccountApiThenItIsNow() {
		// a database from before the account API checked the audience of its tokens
		this.registrations.update("test", DevClients.DEMO_APP,
				this.json.createObjectNode().set("access_token_audience", this.json.createArrayNode().add(DevClients.SAMPLE_API)));
		MockEnvironment devMode = new MockEnvironment();
		devMode.setActiveProfiles(WxauthApplication.DEV_PROFILE);

		new DevClients(this.registrations, this.passwordEncoder, this.json, devMode, this.settings)
			.afterSingletonsInstantiated();

		assertThat(this.registrations.get(DevClients.DEMO_APP).accessTokenAudience())
			.containsExactly(DevClients.SAMPLE_API, this.fixture.issuer() + "/account/v1");
	}

	@Test
	void startWhenDevModeThenAdminClientWithTheAdminScopes() {
		RegisteredClient admin = this.clients.findByClientId(DevClients.ADMIN);

		assertThat(admin.getScopes()).containsExactlyInAnyOrder("wxauth.admin", "wxauth.admin.read");
		assertThat(admin.getAuthorizationGrantTypes()).extracting((grant) -> grant.getValue())
			.containsExactly("client_credentials");
	}

	@Test
	void startWhenNotDevModeAndADevClientKeepsItsPublishedSecretThenRefused() {
		// this context's database holds the dev clients, as one that ran `make run` would
		DevClients production = new DevClients(this.registrations, this.passwordEncoder, this.json,
				new MockEnvironment(), this.settings);

		assertThatIllegalStateException().isThrownBy(production::afterSingletonsInstantiated)
			.withMessageContaining("README publishes");
	}

	@Test
	void startWhenADemoClientLacksAScopeItHasNowThenItGetsIt() {
		// a database from before the mini-program and app clients had the account API's scope
		this.registrations.update("test", DevClients.DEMO_MINI_PROGRAM,
				this.json.createObjectNode().put("scope", "openid profile phone wechat api.read"));
		MockEnvironment devMode = new MockEnvironment();
		devMode.setActiveProfiles(WxauthApplication.DEV_PROFILE);

		new DevClients(this.registrations, this.passwordEncoder, this.json, devMode, this.settings)
			.afterSingletonsInstantiated();

		assertThat(this.registrations.get(DevClients.DEMO_MINI_PROGRAM).scope().split(" "))
			.containsExactlyInAnyOrder("openid", "profile", "phone", "wechat", "api.read", "account");
	}

	@Test
	void startWhenDevModeThenEachRegistrationAudited() {
		assertThat(this.fixture.jdbc()
			.queryForList("SELECT resource_id FROM audit_events WHERE actor = 'dev' AND action = 'create'", String.class))
			.contains("demo-service", "demo-web", "demo-mini-program", "demo-app", DevClients.ADMIN);
	}

}
