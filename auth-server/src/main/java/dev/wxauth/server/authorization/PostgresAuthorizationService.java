package dev.wxauth.server.authorization;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The framework's JDBC authorization service (its row format and its reads), with three changes for PostgreSQL, each
 * answering a cost every token request paid:
 * <ol>
 * <li><b>Saves are one upsert.</b> The framework's {@code save} first reads the whole authorization back (a query, the
 * JSON of its attributes and token metadata parsed, its client looked up) only to choose between {@code INSERT} and
 * {@code UPDATE}. {@code INSERT ... ON CONFLICT (id) DO UPDATE} stores the same row in one statement, atomic on its
 * own. (Our schema keeps every column as {@code text}: no LOB handling is needed.)</li>
 * <li><b>Reads share one connection, without a transaction.</b> The row mapper looks up the registered client while
 * the authorization's result set is still open; on its own that lookup takes a second pooled connection, and as many
 * concurrent requests as the pool has connections then each hold one and wait forever for another (pool starvation).
 * Spring's {@code SUPPORTS} propagation binds the thread's connection for the read without the {@code BEGIN} and
 * {@code COMMIT} a transaction would cost; inside a caller's transaction a read joins it.</li>
 * <li><b>A token looked up twice in one HTTP request is read once.</b> The framework's code exchange looks the
 * authorization up by its code twice (to check the PKCE verifier while it authenticates the client, then to redeem
 * the code). The answer is kept in the request's attributes, so it never outlives the request nor crosses to another
 * one, and any save or removal forgets it. Outside an HTTP request (scheduled jobs) every lookup is a query.</li>
 * </ol>
 * A person's tokens are saved only while the person exists and is enabled, checked by the upsert itself (their row
 * by primary key, share-locked: a save meeting a disable, deletion or merge still open waits for it and then sees
 * its outcome): disabling, deleting or merging a person revokes their authorizations in one transaction, and a
 * login whose check ran just before it committed would otherwise save its authorization just after, and its tokens
 * live on. Every grant ends in this save (the code exchange, the refresh, the WeChat code grants), so each is then
 * refused with {@code invalid_grant}, and the authorization removed.
 */
public final class PostgresAuthorizationService extends JdbcOAuth2AuthorizationService {

	private static final Log logger = LogFactory.getLog(PostgresAuthorizationService.class);

	/** In the order of the framework's parameters mapper. */
	private static final List<String> COLUMNS = List.of("id", "registered_client_id", "principal_name",
			"authorization_grant_type", "authorized_scopes", "attributes", "state", "authorization_code_value",
			"authorization_code_issued_at", "authorization_code_expires_at", "authorization_code_metadata",
			"access_token_value", "access_token_issued_at", "access_token_expires_at", "access_token_metadata",
			"access_token_type", "access_token_scopes", "oidc_id_token_value", "oidc_id_token_issued_at",
			"oidc_id_token_expires_at", "oidc_id_token_metadata", "refresh_token_value", "refresh_token_issued_at",
			"refresh_token_expires_at", "refresh_token_metadata", "user_code_value", "user_code_issued_at",
			"user_code_expires_at", "user_code_metadata", "device_code_value", "device_code_issued_at",
			"device_code_expires_at", "device_code_metadata");

	/** Ours, after the framework's: the browser session the authorization was granted in ({@link GrantingSessions}). */
	private static final String SID_COLUMN = "sid";

	private static final List<String> ALL_COLUMNS = Stream.concat(COLUMNS.stream(), Stream.of(SID_COLUMN)).toList();

	private static final String PARAMETERS = ALL_COLUMNS.stream().map((column) -> "?").collect(Collectors.joining(", "));

	private static final String ON_CONFLICT = " ON CONFLICT (id) DO UPDATE SET " + ALL_COLUMNS.stream()
		.skip(1)
		.map((column) -> column + " = EXCLUDED." + column)
		.collect(Collectors.joining(", "));

	private static final String INSERT_INTO = "INSERT INTO oauth2_authorization (" + String.join(", ", ALL_COLUMNS) + ")";

	private static final String UPSERT_SQL = INSERT_INTO + " VALUES (" + PARAMETERS + ")" + ON_CONFLICT;

	/** The upsert of a person's authorization: written only while the person exists and is enabled. */
	private static final String PERSON_UPSERT_SQL = INSERT_INTO + " SELECT " + PARAMETERS
			+ " WHERE EXISTS (SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL FOR SHARE)" + ON_CONFLICT;

	private static final String LAST_LOOKUP = PostgresAuthorizationService.class.getName() + ".LAST_LOOKUP";

	private final TransactionOperations oneConnection;

	public PostgresAuthorizationService(JdbcOperations jdbc, RegisteredClientRepository registeredClients,
			PlatformTransactionManager transactionManager) {
		super(jdbc, registeredClients);
		Assert.notNull(transactionManager, "transactionManager cannot be null");
		TransactionTemplate oneConnection = new TransactionTemplate(transactionManager);
		oneConnection.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
		this.oneConnection = oneConnection;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		forgetLookup();
		List<SqlParameterValue> parameters = getAuthorizationParametersMapper().apply(authorization);
		Assert.state(parameters.size() == COLUMNS.size(), () -> "Expected " + COLUMNS.size() + " parameters, got "
				+ parameters.size() + ": the framework's authorization columns changed");
		List<Object> values = new ArrayList<>(parameters);
		values.add(GrantingSessions.sid(authorization));
		if (!givesAPersonTokens(authorization)) {
			getJdbcOperations().update(UPSERT_SQL, new ArgumentPreparedStatementSetter(values.toArray()));
			return;
		}
		values.add(personId(authorization));
		if (getJdbcOperations().update(PERSON_UPSERT_SQL, new ArgumentPreparedStatementSetter(values.toArray())) == 0) {
			logger.debug("No tokens for a person disabled or gone: the authorization is removed");
			remove(authorization);
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
		}
	}

	/**
	 * Whether the authorization holds an access token not revoked, for a person who signed in (rather than a client for
	 * itself): the last step of a grant. A revocation leaves no such token, and a code at the authorization endpoint
	 * is not one (its exchange is checked).
	 */
	private static boolean givesAPersonTokens(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<?> accessToken = authorization.getAccessToken();
		return accessToken != null && !accessToken.isInvalidated()
				&& authorization.getAttribute(Principal.class.getName()) instanceof Authentication principal
				&& principal.getPrincipal() instanceof OAuth2User;
	}

	/** Our user id, the name of every person we sign in; {@code null}, matching no one, for any other name. */
	private static @Nullable UUID personId(OAuth2Authorization authorization) {
		try {
			return UUID.fromString(authorization.getPrincipalName());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		forgetLookup();
		super.remove(authorization);
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		return this.oneConnection.execute((status) -> super.findById(id));
	}

	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null && request.getAttribute(LAST_LOOKUP,
				RequestAttributes.SCOPE_REQUEST) instanceof Lookup last && last.isFor(token, tokenType)) {
			return last.authorization();
		}
		OAuth2Authorization authorization = this.oneConnection.execute((status) -> super.findByToken(token, tokenType));
		if (request != null) {
			request.setAttribute(LAST_LOOKUP, new Lookup(token, tokenType, authorization), RequestAttributes.SCOPE_REQUEST);
		}
		return authorization;
	}

	private static void forgetLookup() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.removeAttribute(LAST_LOOKUP, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/** A lookup and its answer; a {@code null} token type means "any type", as in the framework. */
	private record Lookup(String token, @Nullable OAuth2TokenType tokenType,
			@Nullable OAuth2Authorization authorization) {

		boolean isFor(String token, @Nullable OAuth2TokenType tokenType) {
			return this.token.equals(token) && Objects.equals(this.tokenType, tokenType);
		}

	}

}
