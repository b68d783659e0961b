package dev.wxauth.server.keys;

import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.wxauth.server.WxauthApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signing keys survive a restart and are shared by instances, because they live in PostgreSQL; they are
 * unreadable without the master key they were written under.
 */
class SigningKeyRestartTests {

	@Test
	void startWhenSameDatabaseThenSameKidAfterRestartAndOnASecondInstance() {
		TestPostgres.Database database = TestPostgres.newDatabase("restart");
		String firstKid;
		try (RunningAuthServer server = RunningAuthServer.start(database)) {
			firstKid = kids(server);
		}
		try (RunningAuthServer restarted = RunningAuthServer.start(database);
				RunningAuthServer secondInstance = RunningAuthServer.start(database)) {
			assertThat(kids(restarted)).isEqualTo(firstKid);
			assertThat(kids(secondInstance)).isEqualTo(firstKid);
		}
	}

	@Test
	void startWhenOtherMasterKeyThenRefusesToStart() {
		TestPostgres.Database database = TestPostgres.newDatabase("other_master_key");
		try (RunningAuthServer server = RunningAuthServer.start(database)) {
			assertThat(kids(server)).isNotBlank();
		}

		assertThatThrownBy(() -> RunningAuthServer.start(database,
				"wxauth.master-key=b3RoZXItbWFzdGVyLWtleS0tLS0tLS0tLS0tLS0tLS0="))
			.hasStackTraceContaining("WXAUTH_MASTER_KEY differs from the one it was encrypted with");
	}

	@Test
	void startWhenNoMasterKeyOutsideDevModeThenRefusesToStartNamingTheVariable() {
		TestPostgres.Database database = TestPostgres.newDatabase("no_master_key");

		assertThatThrownBy(() -> {
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WxauthApplication.class).run(
					"--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
					"--spring.datasource.password=" + database.password(), "--server.port=0", "--wxauth.master-key=")) {
				// never reached
			}
		}).hasStackTraceContaining("WXAUTH_MASTER_KEY is not set");
	}

	private static String kids(RunningAuthServer server) {
		Http.Response jwks = new Http(server.issuer()).get("/oauth2/jwks");
		assertThat(jwks.status()).isEqualTo(200);
		assertThat(jwks.json().get("keys").size()).isEqualTo(1);
		return jwks.json().get("keys").get(0).get("kid").asString();
	}

}
