package dev.wxauth.server.authorization;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Runs each read of the JDBC authorization service on one connection, without a transaction. Its row mapper looks up
 * the registered client while the authorization's result set is still open; on its own that lookup takes a second
 * pooled connection, and as many concurrent requests as the pool has connections then each hold one and wait forever
 * for another (pool starvation, seen under 16 concurrent refreshes with a pool of 10). A read is one query, so it
 * needs no transaction, only the thread's connection shared for its duration: that is what Spring's
 * {@code SUPPORTS} propagation gives outside a transaction, without the {@code BEGIN} and {@code COMMIT} a
 * transaction would cost. Inside a caller's transaction a read joins it.
 * <p>
 * Writes are single statements ({@link UpsertingJdbcAuthorizationService}), atomic by themselves, and go straight to
 * the delegate.
 */
public final class OneConnectionAuthorizationReads implements OAuth2AuthorizationService {

	private final OAuth2AuthorizationService delegate;

	private final TransactionOperations oneConnection;

	public OneConnectionAuthorizationReads(OAuth2AuthorizationService delegate,
			PlatformTransactionManager transactionManager) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(transactionManager, "transactionManager cannot be null");
		this.delegate = delegate;
		TransactionTemplate oneConnection = new TransactionTemplate(transactionManager);
		oneConnection.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
		this.oneConnection = oneConnection;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		this.delegate.save(authorization);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.delegate.remove(authorization);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return this.oneConnection.execute((status) -> this.delegate.findById(id));
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		return this.oneConnection.execute((status) -> this.delegate.findByToken(token, tokenType));
	}

}
