package dev.wxauth.server.dev;

import java.util.UUID;
import java.util.function.Supplier;

import dev.wxauth.server.WxauthApplication;
import dev.wxauth.server.client.AccessTokenAudience;
import dev.wxauth.server.grant.WeChatCodeClients;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.logout.BackChannelLogouts;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
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
 * public knowledge (README); never enable the {@code dev} profile in production. Their access tokens are for the
 * sample resource server ({@link #SAMPLE_API}, its default audience); a demo client registered before that was so
 * gets it at the next start.
 * <p>
 * The profile is checked when the server starts, not with {@code @Profile}: the jar's bean definitions are generated
 * at build time (Spring AOT), where no profile is active, and dev mode runs that same jar.
 */
@Component
final class DevClients implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(DevClients.class);

	static final String DEMO_SERVICE = "demo-service";

	static final String DEMO_WEB = "demo-web";

	static final String DEMO_MINI_PROGRAM = "demo-mini-program";

	static final String DEMO_APP = "demo-app";

	/** The sample resource server's identifier: the {@code aud} it requires of access tokens. */
	static final String SAMPLE_API = "http://localhost:8081";

	private final RegisteredClientRepository clients;

	private final PasswordEncoder passwordEncoder;

	private final Environment environment;

	DevClients(RegisteredClientRepository clients, PasswordEncoder passwordEncoder, Environment environment) {
		this.clients = clients;
		this.passwordEncoder = passwordEncoder;
		this.environment = environment;
	}

	/**
	 * Before the server takes requests (an {@code ApplicationRunner} would run after): once discovery answers, the
	 * demo clients exist.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		if (!this.environment.matchesProfiles(WxauthApplication.DEV_PROFILE)) {
			return;
		}
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
		RegisteredClient registered = this.clients.findByClientId(clientId);
		if (registered == null) {
			this.clients.save(forSampleApi(RegisteredClient.from(client.get())));
			logger.warn("Dev mode: registered the demo client '" + clientId + "' (its secret is in README)");
		}
		else if (!AccessTokenAudience.of(registered).contains(SAMPLE_API)) {
			this.clients.save(forSampleApi(RegisteredClient.from(registered)));
			logger.info("Dev mode: the demo client '" + clientId + "' now gets access tokens for " + SAMPLE_API);
		}
	}

	private static RegisteredClient forSampleApi(RegisteredClient.Builder client) {
		return AccessTokenAudience.withAudience(client, SAMPLE_API).build();
	}

	/**
	 * The sample web client: a first-party confidential app, so no consent screen; signed out over the back channel
	 * when the person's session here ends.
	 */
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
			.clientSettings(ClientSettings.builder()
				.requireAuthorizationConsent(false)
				.setting(BackChannelLogouts.URI_SETTING, "http://localhost:8080/logout/connect/back-channel/wxauth")
				.build())
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
