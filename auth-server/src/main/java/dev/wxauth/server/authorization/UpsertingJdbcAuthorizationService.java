package dev.wxauth.server.authorization;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * The framework's JDBC authorization service, saving with one PostgreSQL upsert. The framework's {@code save} first
 * reads the whole authorization back ({@code findById}: a query, the JSON of its attributes and token metadata parsed,
 * its client looked up) only to choose between {@code INSERT} and {@code UPDATE}; every token issued, refreshed or
 * revoked paid for it. {@code INSERT ... ON CONFLICT (id) DO UPDATE} stores the same row in one statement, and is
 * atomic on its own. Reads and the row format are the framework's, unchanged (our schema keeps every column as
 * {@code text}, so no LOB handling is needed).
 */
public final class UpsertingJdbcAuthorizationService extends JdbcOAuth2AuthorizationService {

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

	private static final String UPSERT_SQL = "INSERT INTO oauth2_authorization (" + String.join(", ", COLUMNS)
			+ ") VALUES (" + COLUMNS.stream().map((column) -> "?").collect(Collectors.joining(", "))
			+ ") ON CONFLICT (id) DO UPDATE SET " + COLUMNS.stream()
				.skip(1)
				.map((column) -> column + " = EXCLUDED." + column)
				.collect(Collectors.joining(", "));

	public UpsertingJdbcAuthorizationService(JdbcOperations jdbc, RegisteredClientRepository registeredClients) {
		super(jdbc, registeredClients);
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		List<SqlParameterValue> parameters = getAuthorizationParametersMapper().apply(authorization);
		Assert.state(parameters.size() == COLUMNS.size(), () -> "Expected " + COLUMNS.size() + " parameters, got "
				+ parameters.size() + ": the framework's authorization columns changed");
		getJdbcOperations().update(UPSERT_SQL, new ArgumentPreparedStatementSetter(parameters.toArray()));
	}

}
