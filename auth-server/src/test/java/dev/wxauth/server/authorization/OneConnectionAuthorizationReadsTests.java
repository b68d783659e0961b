package dev.wxauth.server.authorization;

import java.time.Instant;
import java.util.Set;

import dev.wxauth.server.testing.ConnectionCountingDataSource;
import dev.wxauth.server.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads of authorizations on a real database, with the framework's uncached client repository, whose lookup runs
 * while the authorization's result set is still open.
 */
class OneConnectionAuthorizationReadsTests {

	MigratedDatabase database;

	ConnectionCountingDataSource dataSource;

	OneConnectionAuthorizationReads authorizations;

	@BeforeEach
	void setUp() {
		this.database = new MigratedDatabase("one_connection_reads");
		this.dataSource = new ConnectionCountingDataSource(this.database.dataSource());
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		JdbcRegisteredClientRepository clients = new JdbcRegisteredClientRepository(jdbc);
		RegisteredClient client = RegisteredClient.withId("registration-1")
			.clientId("app")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("api.read")
			.build();
		clients.save(client);
		this.authorizations = new OneConnectionAuthorizationReads(new UpsertingJdbcAuthorizationService(jdbc, clients),
				new DataSourceTransactionManager(this.dataSource));
		Instant now = Instant.now();
		this.authorizations.save(OAuth2Authorization.withRegisteredClient(client)
			.id("authorization-1")
			.principalName("user-1")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-1", now, now.plusSeconds(300)))
			.build());
		this.dataSource.reset();
	}

	@AfterEach
	void tearDown() {
		this.database.close();
	}

	@Test
	void findByTokenWhenClientLookedUpWhileRowOpenThenOneConnectionAndNoTransaction() {
		OAuth2Authorization found = this.authorizations.findByToken("access-1", OAuth2TokenType.ACCESS_TOKEN);

		assertThat(found).isNotNull();
		assertThat(found.getRegisteredClientId()).isEqualTo("registration-1");
		assertThat(this.dataSource.connectionsTaken).hasValue(1);
		assertThat(this.dataSource.transactionsBegun).hasValue(0);
	}

	@Test
	void findByIdWhenClientLookedUpWhileRowOpenThenOneConnectionAndNoTransaction() {
		assertThat(this.authorizations.findById("authorization-1")).isNotNull();

		assertThat(this.dataSource.connectionsTaken).hasValue(1);
		assertThat(this.dataSource.transactionsBegun).hasValue(0);
	}

	@Test
	void findByTokenWhenUnknownThenNull() {
		assertThat(this.authorizations.findByToken("unknown", null)).isNull();
	}

}
