package dev.wxauth.server.grant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Authenticates the {@code client_id}-only requests of {@link WeChatPublicClientAuthenticationConverter}: only a
 * registered public client ({@code none}) that is bound to one of our WeChat apps, and only for our code grants
 * and their refreshes. Every other public-client request goes to the framework's provider (PKCE), which this one
 * stands in for: the provider manager would let that provider's error replace ours.
 */
public final class WeChatPublicClientAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(WeChatPublicClientAuthenticationProvider.class);

	private final RegisteredClientRepository clients;

	private final AuthenticationProvider pkcePublicClients;

	public WeChatPublicClientAuthenticationProvider(RegisteredClientRepository clients,
			AuthenticationProvider pkcePublicClients) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(pkcePublicClients, "pkcePublicClients cannot be null");
		this.clients = clients;
		this.pkcePublicClients = pkcePublicClients;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
		if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())) {
			return null;
		}
		if (!request.getAdditionalParameters().containsKey(WeChatPublicClientAuthenticationConverter.GRANT_TYPE)) {
			return this.pkcePublicClients.authenticate(authentication);
		}
		String clientId = request.getPrincipal().toString();
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
				|| WeChatGrantTypes.boundApp(client) == null) {
			logger.debug("Client " + clientId + " may not authenticate with client_id alone");
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
					"Client authentication failed: client_id", null));
		}
		return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
