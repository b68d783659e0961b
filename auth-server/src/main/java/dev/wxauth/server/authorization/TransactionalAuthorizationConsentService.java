package dev.wxauth.server.authorization;

import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * The framework's JDBC consent service, each call in a transaction: its row mapper has the same nested client
 * lookup as the authorization service's (see {@link PostgresAuthorizationService}); its save reads before it writes,
 * so it keeps a transaction. A consent is saved only while its person exists and is enabled, as
 * {@link PostgresAuthorizationService} saves a person's tokens: their row is share-locked first, so a save meeting a
 * deletion, disable or merge still open waits for it and then sees its outcome. A person deleted while their consent
 * page was shown would otherwise find the consent remembered under their id, which no one owns any more.
 */
public final class TransactionalAuthorizationConsentService implements OAuth2AuthorizationConsentService {

	private static final Log logger = LogFactory.getLog(TransactionalAuthorizationConsentService.class);

	private static final String LOCK_PERSON = "SELECT id FROM users WHERE id = ? AND disabled_at IS NULL FOR SHARE";

	private final OAuth2AuthorizationConsentService delegate;

	private final JdbcOperations jdbc;

	private final TransactionOperations transactions;

	public TransactionalAuthorizationConsentService(OAuth2AuthorizationConsentService delegate, JdbcOperations jdbc,
			TransactionOperations transactions) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		this.delegate = delegate;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** Nothing is saved for a person deleted, disabled or merged away (or a name that is no id of ours). */
	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		Assert.notNull(consent, "consent cannot be null");
		this.transactions.executeWithoutResult((tx) -> {
			if (!lockPerson(consent.getPrincipalName())) {
				logger.debug("No consent remembered for a person disabled or gone");
				return;
			}
			this.delegate.save(consent);
		});
	}

	private boolean lockPerson(String principalName) {
		UUID id;
		try {
			id = UUID.fromString(principalName);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return !this.jdbc.queryForList(LOCK_PERSON, UUID.class, id).isEmpty();
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
