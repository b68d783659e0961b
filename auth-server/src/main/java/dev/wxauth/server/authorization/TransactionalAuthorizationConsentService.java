package dev.wxauth.server.authorization;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * The framework's JDBC consent service, each call in a transaction: its row mapper has the same nested client
 * lookup as the authorization service's (see {@link PostgresAuthorizationService}); its save reads
 * before it writes, so it keeps a transaction.
 */
public final class TransactionalAuthorizationConsentService implements OAuth2AuthorizationConsentService {

	private final OAuth2AuthorizationConsentService delegate;

	private final TransactionOperations transactions;

	public TransactionalAuthorizationConsentService(OAuth2AuthorizationConsentService delegate,
			TransactionOperations transactions) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		this.delegate = delegate;
		this.transactions = transactions;
	}

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		this.transactions.executeWithoutResult((tx) -> this.delegate.save(consent));
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		this.transactions.executeWithoutResult((tx) -> this.delegate.remove(consent));
	}

	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		return this.transactions.execute((tx) -> this.delegate.findById(registeredClientId, principalName));
	}

}
