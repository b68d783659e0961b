package dev.wxauth.server.dev;

import java.util.UUID;
import java.util.function.Supplier;

import dev.wxauth.server.grant.WeChatCodeClients;
import dev.wxauth.server.grant.WeChatGrantTypes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
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

	static final String DEMO_WEB = "demo-web";

	static final String DEMO_MINI_PROGRAM = "demo-mini-program";

	static final String DEMO_APP = "demo-app";

	private final RegisteredClientRepository clients;

	private final PasswordEncoder passwordEncoder;

	DevClients(RegisteredClientRepository clients, PasswordEncoder passwordEncoder) {
		this.clients = clients;
		this.passwordEncoder = passwordEncoder;
	}

	@Override
	public void run(ApplicationArguments args) {
		register(DEMO_SERVICE, this::demoService);
		register(DEMO_WEB, this::demoWeb);
		register(DEMO_MINI_PROGRAM, () -> WeChatCodeClients
			.publicClient(DEMO_MINI_PROGRAM, WeChatGrantTypes.MINI_PROGRAM, "mini-program")
			.clientName("Demo mini-program (dev only)")
			.build());
		register(DEMO_APP, () -> WeChatCodeClients.publicClient(DEMO_APP, WeChatGrantTypes.MOBILE_APP, "mobile-app")
			.clientName("Demo native app (dev only)")
			.build());
	}

	private void register(String clientId, Supplier<RegisteredClient> client) {
		if (this.clients.findByClientId(clientId) == null) {
			this.clients.save(client.get());
			logger.warn("Dev mode: registered the demo client '" + clientId + "' (its secret is in README)");
		}
	}

	/** The sample web client: a first-party confidential app, so no consent screen. */
	private RegisteredClient demoWeb() {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(DEMO_WEB)
			.clientName("Demo web app (dev only)")
			.clientSecret(this.passwordEncoder.encode("demo-web-secret"))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUri("http://localhost:8080/login/oauth2/code/wxauth")
			.postLogoutRedirectUri("http://localhost:8080/")
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.scope("wechat")
			.scope("api.read")
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
			.tokenSettings(TokenSettings.builder().reuseRefreshTokens(false).build())
			.build();
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
