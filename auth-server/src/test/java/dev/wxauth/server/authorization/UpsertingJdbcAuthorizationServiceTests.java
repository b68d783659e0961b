package dev.wxauth.server.authorization;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import dev.wxauth.server.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saving authorizations with one upsert, on a real database, read back by the framework's own queries.
 */
class UpsertingJdbcAuthorizationServiceTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	MigratedDatabase database;

	JdbcTemplate jdbc;

	UpsertingJdbcAuthorizationService authorizations;

	RegisteredClient client;

	@BeforeEach
	void setUp() {
		this.database = new MigratedDatabase("upsert");
		this.jdbc = this.database.jdbc();
		JdbcRegisteredClientRepository clients = new JdbcRegisteredClientRepository(this.jdbc);
		this.client = RegisteredClient.withId("registration-1")
			.clientId("app")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("api.read")
			.build();
		clients.save(this.client);
		this.authorizations = new UpsertingJdbcAuthorizationService(this.jdbc, clients);
	}

	@AfterEach
	void tearDown() {
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
