package dev.wxauth.server.authorization;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * Runs the reads of the JDBC authorization service in a transaction. Its row mapper looks up the registered client
 * while the authorization's result set is still open; outside a transaction that lookup takes a second pooled
 * connection, and as many concurrent requests as the pool has connections then each hold one and wait forever for
 * another (pool starvation, seen under 16 concurrent refreshes with a pool of 10). Inside a transaction the lookup
 * reuses the thread's connection.
 * <p>
 * Writes are single statements ({@link UpsertingJdbcAuthorizationService}), atomic by themselves: a transaction of
 * their own would only add a round trip ({@code COMMIT}) and hold the connection through it. Inside a caller's
 * transaction they still join it.
 */
public final class TransactionalAuthorizationService implements OAuth2AuthorizationService {

	private final OAuth2AuthorizationService delegate;

	private final TransactionOperations transactions;

	public TransactionalAuthorizationService(OAuth2AuthorizationService delegate, TransactionOperations transactions) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		this.delegate = delegate;
		this.transactions = transactions;
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
		return this.transactions.execute((tx) -> this.delegate.findById(id));
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		return this.transactions.execute((tx) -> this.delegate.findByToken(token, tokenType));
	}

}
