package dev.wxauth.server.admin.clients;

import dev.wxauth.server.admin.AdminApiSecurity;
import dev.wxauth.server.properties.WxauthProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

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
		if (clientId == null || this.registrations.exists(clientId)) {
			return;
		}
		ObjectNode client = JsonNodeFactory.instance.objectNode();
		client.put("client_id", clientId);
		client.put("client_name", "Admin client (bootstrap)");
		client.putArray("grant_types").add("client_credentials");
		client.put("scope", AdminApiSecurity.SCOPE_ADMIN + " " + AdminApiSecurity.SCOPE_READ);
		this.registrations.register(ACTOR, ClientMetadata.read(client), this.settings.bootstrapClientSecret());
		logger.warn("Registered the admin client '" + clientId + "' from WXAUTH_ADMIN_BOOTSTRAPCLIENTID; the bootstrap "
				+ "variables are no longer needed");
	}

}
