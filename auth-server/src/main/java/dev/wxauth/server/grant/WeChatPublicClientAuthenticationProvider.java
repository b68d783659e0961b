package dev.wxauth.server.grant;

import dev.wxauth.server.wechat.WeChatApps;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Authenticates the {@code client_id}-only requests of {@link WeChatPublicClientAuthenticationConverter}: only a
 * registered public client ({@code none}) that is bound to one of our WeChat apps, and only for our code grants
 * and their refreshes; at the revocation endpoint, any registered public client. Every other public-client request is the framework's ({@code PublicClientAuthenticationProvider},
 * PKCE). Registered after the framework's: the framework's provider refuses a request without PKCE first, and the
 * provider manager then asks this one, whose answer (a client, or our {@code invalid_client}) stands.
 */
public final class WeChatPublicClientAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(WeChatPublicClientAuthenticationProvider.class);

	private final RegisteredClientRepository clients;

	public WeChatPublicClientAuthenticationProvider(RegisteredClientRepository clients) {
		Assert.notNull(clients, "clients cannot be null");
		this.clients = clients;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
		if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())) {
			return null;
		}
		boolean revocation = Boolean.TRUE
			.equals(request.getAdditionalParameters().get(WeChatPublicClientAuthenticationConverter.REVOCATION));
		if (!revocation && (!(request.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE) instanceof String grantType)
				|| !WeChatPublicClientAuthenticationConverter.GRANT_TYPES.contains(grantType))) {
			return null;
		}
		String clientId = request.getPrincipal().toString();
		RegisteredClient client = this.clients.findByClientId(clientId);
		// any public client revokes its own tokens (the revocation endpoint checks they are its own)
		if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
				|| (!revocation && WeChatApps.boundAppName(client) == null)) {
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
