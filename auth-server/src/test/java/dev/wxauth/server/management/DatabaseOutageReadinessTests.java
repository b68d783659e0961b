package dev.wxauth.server.management;

import java.nio.file.Path;
import java.time.Duration;

import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.StoppablePostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped and started again under a running server (a PostgreSQL of this test's own, on its own port and
 * data directory): readiness goes down while it is away and comes back by itself, without a restart; liveness never
 * wavers, so an orchestrator takes the instance out of rotation rather than killing it.
 */
class DatabaseOutageReadinessTests {

	@TempDir
	Path data;

	static int status(Http management, String path) {
		return management.get(path).status();
	}

	static int eventually(Http management, String path, int expected, Duration within) {
		return Http.eventually(() -> management.get(path), expected, within).status();
	}

	@Test
	void readinessWhenPostgresStopsThenDownAndWhenItIsBackThenUpWithoutRestart() throws Exception {
		try (StoppablePostgres postgres = new StoppablePostgres(this.data);
				RunningAuthServer server = RunningAuthServer.start(postgres.database(),
				"spring.datasource.hikari.connection-timeout=1000")) {
			Http management = new Http(server.managementBaseUrl());
			assertThat(status(management, "/actuator/health/readiness")).isEqualTo(200);

			postgres.stop();

			assertThat(eventually(management, "/actuator/health/readiness", 503, Duration.ofSeconds(20)))
				.as("ready while PostgreSQL is away").isEqualTo(503);
			assertThat(status(management, "/actuator/health/liveness")).isEqualTo(200);

			postgres.startAgain();

			assertThat(eventually(management, "/actuator/health/readiness", 200, Duration.ofSeconds(30)))
				.as("not ready again once PostgreSQL is back").isEqualTo(200);
			Http.Response token = new Http(server.issuer()).postForm("/oauth2/token",
					Http.form("grant_type", "client_credentials"), Http.basic("demo-service", "demo-service-secret"));
			assertThat(token.status()).as(token.toString()).isEqualTo(200);
		}
	}

}
