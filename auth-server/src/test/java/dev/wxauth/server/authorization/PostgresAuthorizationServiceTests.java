package dev.wxauth.server.authorization;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import dev.wxauth.server.testing.ConnectionCountingDataSource;
import dev.wxauth.server.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization service on a real database, with the framework's uncached client repository (whose lookup runs
 * while the authorization's result set is still open): saves as one upsert, read back by the framework's own
 * queries; reads on one connection without a transaction; a token looked up once per HTTP request. A store lookup is
 * counted as a connection taken, which every read outside a transaction takes exactly once.
 */
class PostgresAuthorizationServiceTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	MigratedDatabase database;

	ConnectionCountingDataSource dataSource;

	JdbcTemplate jdbc;

	PostgresAuthorizationService authorizations;

	RegisteredClient client;

	@BeforeEach
	void setUp() {
		this.database = new MigratedDatabase("authorization_service");
		this.dataSource = new ConnectionCountingDataSource(this.database.dataSource());
		this.jdbc = new JdbcTemplate(this.dataSource);
		JdbcRegisteredClientRepository clients = new JdbcRegisteredClientRepository(this.jdbc);
		this.client = RegisteredClient.withId("registration-1")
			.clientId("app")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("api.read")
			.build();
		clients.save(this.client);
		this.authorizations = new PostgresAuthorizationService(this.jdbc, clients,
				new DataSourceTransactionManager(this.dataSource));
	}

	@AfterEach
	void tearDown() {
		RequestContextHolder.resetRequestAttributes();
		this.database.close();
	}

	@Test
	void saveWhenNewThenInsertedAndFoundByItsTokens() {
		this.authorizations.save(authorization("access-1", "refresh-1"));

		OAuth2Authorization found = this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN);
		assertThat(found).isNotNull();
		assertThat(found.getId()).isEqualTo("authorization-1");
		assertThat(found.getPrincipalName()).isEqualTo("user-1");
		assertThat(found.getAuthorizedScopes()).containsExactly("api.read");
		assertThat(found.getAccessToken().getToken().getTokenValue()).isEqualTo("access-1");
		assertThat(found.getAccessToken().getToken().getExpiresAt()).isEqualTo(NOW.plusSeconds(300));
		assertThat(found.<String>getAttribute("custom")).isEqualTo("kept");
	}

	@Test
	void saveWhenExistingThenRowReplacedAndOldTokensGone() {
		this.authorizations.save(authorization("access-1", "refresh-1"));

		OAuth2Authorization rotated = OAuth2Authorization.from(this.authorizations.findById("authorization-1"))
			.accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-2", NOW, NOW.plusSeconds(300),
					Set.of("api.read")))
			.refreshToken(new OAuth2RefreshToken("refresh-2", NOW, NOW.plusSeconds(3600)))
			.build();
		this.authorizations.save(rotated);

		assertThat(this.jdbc.queryForObject("select count(*) from oauth2_authorization", Integer.class)).isEqualTo(1);
		assertThat(this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN)).isNull();
		assertThat(this.authorizations.findByToken("access-1", OAuth2TokenType.ACCESS_TOKEN)).isNull();
		assertThat(this.authorizations.findByToken("refresh-2", OAuth2TokenType.REFRESH_TOKEN).getId())
			.isEqualTo("authorization-1");
	}

	@Test
	void saveWhenTokenInvalidatedThenInvalidationStored() {
		OAuth2Authorization authorization = authorization("access-1", "refresh-1");
		this.authorizations.save(authorization);

		this.authorizations.save(OAuth2Authorization.from(authorization)
			.invalidate(authorization.getRefreshToken().getToken())
			.build());

		assertThat(this.authorizations.findById("authorization-1").getRefreshToken().isInvalidated()).isTrue();
	}

	@Test
	void findByTokenWhenClientLookedUpWhileRowOpenThenOneConnectionAndNoTransaction() {
		this.authorizations.save(authorization("access-1", "refresh-1"));
		this.dataSource.reset();

		OAuth2Authorization found = this.authorizations.findByToken("access-1", OAuth2TokenType.ACCESS_TOKEN);

		assertThat(found).isNotNull();
		assertThat(found.getRegisteredClientId()).isEqualTo("registration-1");
		assertThat(this.dataSource.connectionsTaken).hasValue(1);
		assertThat(this.dataSource.transactionsBegun).hasValue(0);
	}

	@Test
	void findByIdWhenClientLookedUpWhileRowOpenThenOneConnectionAndNoTransaction() {
		this.authorizations.save(authorization("access-1", "refresh-1"));
		this.dataSource.reset();

		assertThat(this.authorizations.findById("authorization-1")).extracting(OAuth2Authorization::getRegisteredClientId)
			.isEqualTo("registration-1");

		assertThat(this.dataSource.connectionsTaken).hasValue(1);
		assertThat(this.dataSource.transactionsBegun).hasValue(0);
	}

	@Test
	void findByTokenWhenUnknownThenNull() {
		assertThat(this.authorizations.findByToken("unknown", null)).isNull();
	}

	@Test
	void findByTokenWhenRepeatedInOneRequestThenStoreAskedOnce() {
		this.authorizations.save(authorization("access-1", "refresh-1"));
		enterRequest();

		OAuth2Authorization first = this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN);
		OAuth2Authorization second = this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN);

		assertThat(first).isNotNull().isSameAs(second);
		assertThat(this.dataSource.connectionsTaken).hasValue(1);
	}

	@Test
	void findByTokenWhenUnknownThenRememberedAsUnknownToo() {
		enterRequest();

		assertThat(this.authorizations.findByToken("no-such-token", OAuth2TokenType.REFRESH_TOKEN)).isNull();
		assertThat(this.authorizations.findByToken("no-such-token", OAuth2TokenType.REFRESH_TOKEN)).isNull();
		assertThat(this.dataSource.connectionsTaken).hasValue(1);
	}

	@Test
	void findByTokenWhenOtherTokenOrTypeThenStoreAskedAgain() {
		this.authorizations.save(authorization("access-1", "refresh-1"));
		enterRequest();

		this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN);
		this.authorizations.findByToken("refresh-1", null);
		this.authorizations.findByToken("access-1", null);

		assertThat(this.dataSource.connectionsTaken).hasValue(3);
	}

	@Test
	void findByTokenWhenSavedOrRemovedMeanwhileThenStoreAskedAgain() {
		OAuth2Authorization authorization = authorization("access-1", "refresh-1");
		this.authorizations.save(authorization);
		enterRequest();

		this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN);
		this.authorizations.save(authorization);
		this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN);
		this.authorizations.remove(authorization);

		assertThat(this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN)).isNull();
		// three lookups, one save, one removal
		assertThat(this.dataSource.connectionsTaken).hasValue(5);
	}

	@Test
	void findByTokenWhenNextRequestThenStoreAskedAgain() {
		this.authorizations.save(authorization("access-1", "refresh-1"));
		enterRequest();
		this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN);

		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
		this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN);

		assertThat(this.dataSource.connectionsTaken).hasValue(2);
	}

	@Test
	void findByTokenWhenOutsideARequestThenStoreAskedEveryTime() {
		this.authorizations.save(authorization("access-1", "refresh-1"));
		this.dataSource.reset();

		this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN);
		this.authorizations.findByToken("refresh-1", OAuth2TokenType.REFRESH_TOKEN);

		assertThat(this.dataSource.connectionsTaken).hasValue(2);
	}

	/** Starts an HTTP request, with nothing counted yet. */
	void enterRequest() {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
		this.dataSource.reset();
	}

	OAuth2Authorization authorization(String accessToken, String refreshToken) {
		return OAuth2Authorization.withRegisteredClient(this.client)
			.id("authorization-1")
			.principalName("user-1")
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.authorizedScopes(Set.of("api.read"))
			.attribute("custom", "kept")
			.accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, NOW, NOW.plusSeconds(300),
					Set.of("api.read")))
			.refreshToken(new OAuth2RefreshToken(refreshToken, NOW, NOW.plusSeconds(3600)))
			.build();
	}

}
