package dev.wxauth.server.admin.clients;

import dev.wxauth.server.admin.AdminApiSecurity;
import dev.wxauth.server.admin.ResourceConflictException;
import dev.wxauth.server.properties.WxauthProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The first admin client, from {@code WXAUTH_ADMIN_BOOTSTRAPCLIENTID} and {@code WXAUTH_ADMIN_BOOTSTRAPCLIENTSECRET}:
 * registered at start-up when no client has that id, as the admin API would register it (actor
 * {@value #ACTOR}). There is no default: without the variables, no admin client exists until dev mode or an operator
 * makes one.
 */
@Component
final class AdminClientBootstrap implements SmartInitializingSingleton {

	static final String ACTOR = "bootstrap";

	private static final Log logger = LogFactory.getLog(AdminClientBootstrap.class);

	private final ClientRegistrations registrations;

	private final WxauthProperties.Admin settings;

	@Autowired
	AdminClientBootstrap(ClientRegistrations registrations, WxauthProperties properties) {
		this(registrations, properties.admin());
	}

	AdminClientBootstrap(ClientRegistrations registrations, WxauthProperties.Admin settings) {
		this.registrations = registrations;
		this.settings = settings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String clientId = this.settings.bootstrapClientId();
		String secret = this.settings.bootstrapClientSecret();
		// checked here, not where the settings are bound: a binding failure's report would print the value
		Assert.state((clientId == null) == (secret == null),
				"WXAUTH_ADMIN_BOOTSTRAPCLIENTID and WXAUTH_ADMIN_BOOTSTRAPCLIENTSECRET go together");
		Assert.state(secret == null || secret.length() >= 32,
				"WXAUTH_ADMIN_BOOTSTRAPCLIENTSECRET must be at least 32 characters");
		if (clientId == null || this.registrations.exists(clientId)) {
			return;
		}
		ObjectNode client = JsonNodeFactory.instance.objectNode();
		client.put("client_id", clientId);
		client.put("client_name", "Admin client (bootstrap)");
		client.putArray("grant_types").add("client_credentials");
		client.put("scope", AdminApiSecurity.SCOPE_ADMIN + " " + AdminApiSecurity.SCOPE_READ);
		try {
			this.registrations.register(ACTOR, ClientMetadata.read(client), secret);
		}
		catch (ResourceConflictException ex) {
			// another instance starting at the same time registered it first
			return;
		}
		logger.warn("Registered the admin client '" + clientId + "' from WXAUTH_ADMIN_BOOTSTRAPCLIENTID; the bootstrap "
				+ "variables are no longer needed");
	}

}
