package dev.wxauth.server.admin.clients;

import dev.wxauth.server.properties.WxauthProperties;

/** Runs the bootstrap as a start with these settings would, for tests outside this package. */
public final class AdminClientBootstrapTestAccess {

	private final AdminClientBootstrap bootstrap;

	public AdminClientBootstrapTestAccess(ClientRegistrations registrations, String clientId, String secret) {
		this.bootstrap = new AdminClientBootstrap(registrations, new WxauthProperties.Admin(clientId, secret));
	}

	public void run() {
		this.bootstrap.afterSingletonsInstantiated();
	}

}
