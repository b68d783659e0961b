package dev.wxauth.server.dev;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wxauth.server.WxauthApplication;
import dev.wxauth.server.account.AccountApiSecurity;
import dev.wxauth.server.admin.clients.ClientMetadata;
import dev.wxauth.server.admin.clients.ClientRegistrations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Component;

/**
 * Dev mode only: registers the demo clients and an admin client once, so that {@code make run} is usable at once.
 * Their secrets are public knowledge (README); never enable the {@code dev} profile in production. They are registered
 * as the admin API registers a client: the same metadata, rules and audit events (actor {@value #ACTOR}). The demo
 * clients' access tokens are for the sample resource server ({@link #SAMPLE_API}, its default audience), and the
 * mini-program's and the app's for the person's account API too.
 * <p>
 * The profile is checked when the server starts, not with {@code @Profile}: the jar's bean definitions are generated
 * at build time (Spring AOT), where no profile is active, and dev mode runs that same jar.
 */
@Component
final class DevClients implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(DevClients.class);

	static final String ACTOR = "dev";

	static final String DEMO_SERVICE = "demo-service";

	static final String DEMO_WEB = "demo-web";

	static final String DEMO_MINI_PROGRAM = "demo-mini-program";

	static final String DEMO_APP = "demo-app";

	static final String ADMIN = "wxauth-admin";

	/** The sample resource server's identifier: the {@code aud} it requires of access tokens. */
	static final String SAMPLE_API = "http://localhost:8081";

	/** The clients whose secrets README publishes. */
	private static final Map<String, String> PUBLISHED_SECRETS = Map.of(DEMO_SERVICE, "demo-service-secret", DEMO_WEB,
			"demo-web-secret", ADMIN, "wxauth-admin-secret");

	private final ClientRegistrations registrations;

	private final PasswordEncoder passwordEncoder;

	private final JsonMapper json;

	private final Environment environment;

	private final String accountApi;

	DevClients(ClientRegistrations registrations, PasswordEncoder passwordEncoder, JsonMapper json,
			Environment environment, AuthorizationServerSettings settings) {
		this.registrations = registrations;
		this.passwordEncoder = passwordEncoder;
		this.json = json;
		this.environment = environment;
		this.accountApi = AccountApiSecurity.resource(settings.getIssuer());
	}

	/**
	 * Before the server takes requests (an {@code ApplicationRunner} would run after): once discovery answers, the
	 * demo clients exist.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		if (!this.environment.matchesProfiles(WxauthApplication.DEV_PROFILE)) {
			refuseToStartWithPublishedSecrets();
			return;
		}
		register(DEMO_SERVICE, "demo-service-secret", """
				{"client_name": "Demo service (dev only)", "grant_types": ["client_credentials"],
				 "scope": "api.read api.write"}""", SAMPLE_API);
		// a first-party confidential app, so no consent screen; signed out over the back channel when the person's
		// session here ends
		register(DEMO_WEB, "demo-web-secret", """
				{"client_name": "Demo web app (dev only)", "grant_types": ["authorization_code", "refresh_token"],
				 "redirect_uris": ["http://localhost:8080/login/oauth2/code/wxauth"],
				 "post_logout_redirect_uris": ["http://localhost:8080/"],
				 "backchannel_logout_uri": "http://localhost:8080/logout/connect/back-channel/wxauth",
				 "scope": "openid profile wechat api.read", "require_pkce": false}""", SAMPLE_API);
		register(DEMO_MINI_PROGRAM, null, """
				{"client_name": "Demo mini-program (dev only)", "token_endpoint_auth_method": "none",
				 "grant_types": ["urn:wxauth:params:oauth:grant-type:wechat-mini-program", "refresh_token"],
				 "wechat_app": "mini-program", "scope": "openid profile phone wechat api.read account"}""", SAMPLE_API,
				this.accountApi);
		register(DEMO_APP, null, """
				{"client_name": "Demo native app (dev only)", "token_endpoint_auth_method": "none",
				 "grant_types": ["urn:wxauth:params:oauth:grant-type:wechat-app", "refresh_token"],
				 "wechat_app": "mobile-app", "scope": "openid profile phone wechat api.read account"}""", SAMPLE_API,
				this.accountApi);
		register(ADMIN, "wxauth-admin-secret", """
				{"client_name": "Admin client (dev only)", "grant_types": ["client_credentials"],
				 "scope": "wxauth.admin wxauth.admin.read"}""");
	}

	/**
	 * Outside dev mode, a database that once ran in dev mode would still hold clients whose secrets README prints,
	 * the admin client among them: anyone could then get tokens. The server does not start until they are deleted or
	 * given other secrets.
	 */
	private void refuseToStartWithPublishedSecrets() {
		PUBLISHED_SECRETS.forEach((clientId, secret) -> {
			// disabled ones too: enabled again, they would serve
			String stored = this.registrations.storedSecret(clientId);
			if (stored != null && this.passwordEncoder.matches(secret, stored)) {
				throw new IllegalStateException("The dev-mode client '" + clientId + "' with the secret README "
						+ "publishes is registered in this database, and the dev profile is off: delete it (DELETE "
						+ "/admin/v1/clients/" + clientId + " in dev mode) or rotate its secret, then start again");
			}
		});
	}

	/** A database from before a demo client got a scope (the mini-program's {@code account}) gives it now. */
	private void addMissingScopes(String clientId, String scope) {
		Set<String> registered = new LinkedHashSet<>(List.of(this.registrations.get(clientId).scope().split(" ")));
		if (registered.containsAll(List.of(scope.split(" ")))) {
			return;
		}
		registered.addAll(List.of(scope.split(" ")));
		ObjectNode scopes = this.json.createObjectNode();
		scopes.put("scope", String.join(" ", registered).trim());
		this.registrations.update(ACTOR, clientId, scopes);
	}

	/** @param audience the APIs the client's access tokens are for */
	private void register(String clientId, @Nullable String secret, String metadata, String... audience) {
		if (this.registrations.exists(clientId)) {
			// a database from before the demo clients named the sample API (and the account API) gets them now
			List<String> registered = this.registrations.get(clientId).accessTokenAudience();
			if (!registered.containsAll(List.of(audience))) {
				Set<String> all = new LinkedHashSet<>(registered);
				all.addAll(List.of(audience));
				ObjectNode patch = this.json.createObjectNode();
				all.forEach(patch.putArray("access_token_audience")::add);
				this.registrations.update(ACTOR, clientId, patch);
			}
			addMissingScopes(clientId, this.json.readValue(metadata, ObjectNode.class).get("scope").asString());
			return;
		}
		ObjectNode client = this.json.readValue(metadata, ObjectNode.class);
		client.put("client_id", clientId);
		if (audience.length > 0) {
			List.of(audience).forEach(client.putArray("access_token_audience")::add);
		}
		this.registrations.register(ACTOR, ClientMetadata.read(client), secret);
		logger.warn("Dev mode: registered the " + (clientId.equals(ADMIN) ? "admin" : "demo") + " client '" + clientId
				+ "'" + ((secret != null) ? " (its secret is in README)" : ""));
	}

}
