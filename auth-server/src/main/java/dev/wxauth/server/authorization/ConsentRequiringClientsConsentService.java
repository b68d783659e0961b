package dev.wxauth.server.authorization;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Reads stored consent only for clients that ask for consent. The framework's authorization endpoint looks the
 * person's consent up on every authorization request, even for a client whose settings say it needs none (a
 * first-party app), and then never uses it: for those the answer is "none" without a database transaction, one fewer
 * on every web login. Writes, and every lookup for other or unknown clients, go to the store.
 */
public final class ConsentRequiringClientsConsentService implements OAuth2AuthorizationConsentService {

	private final OAuth2AuthorizationConsentService delegate;

	private final RegisteredClientRepository clients;

	public ConsentRequiringClientsConsentService(OAuth2AuthorizationConsentService delegate,
			RegisteredClientRepository clients) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		this.delegate = delegate;
		this.clients = clients;
	}

	@Override
	public void save(OAuth2AuthorizationConsent authorizationConsent) {
		this.delegate.save(authorizationConsent);
	}

	@Override
	public void remove(OAuth2AuthorizationConsent authorizationConsent) {
		this.delegate.remove(authorizationConsent);
	}

	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		RegisteredClient client = this.clients.findById(registeredClientId);
		if (client != null && !client.getClientSettings().isRequireAuthorizationConsent()) {
			return null;
		}
		return this.delegate.findById(registeredClientId, principalName);
	}

}
