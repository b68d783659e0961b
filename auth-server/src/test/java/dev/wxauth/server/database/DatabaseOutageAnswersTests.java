package dev.wxauth.server.database;

import java.nio.file.Path;
import java.time.Duration;

import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.StoppablePostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request meets while PostgreSQL is away (a PostgreSQL of this test's own, stopped and started again under a
 * running server): {@code 503} with {@code Retry-After} in the form its caller reads (OAuth error JSON at the token
 * and introspection endpoints, our page for a browser), never a 500; and answers again by themselves once it is back.
 */
class DatabaseOutageAnswersTests {

	@TempDir
	Path data;

	static Http.Response token(Http http) {
		return http.postForm("/oauth2/token", Http.form("grant_type", "client_credentials"),
				Http.basic("demo-service", "demo-service-secret"));
	}

	@Test
	void requestsWhenPostgresIsAwayThen503WithRetryAfterInTheirFormAndWhenItIsBackThenAnswered() throws Exception {
		try (StoppablePostgres postgres = new StoppablePostgres(this.data);
				RunningAuthServer server = RunningAuthServer.start(postgres.database(),
				"spring.datasource.hikari.connection-timeout=1000")) {
			Http http = new Http(server.issuer());
			assertThat(token(http).status()).isEqualTo(200);

			postgres.stop();

			Http.Response token = Http.eventually(() -> token(http), 503, Duration.ofSeconds(20));
			assertThat(token.status()).as(token.toString()).isEqualTo(503);
			assertThat(token.header("Retry-After")).isEqualTo("5");
			assertThat(token.header("Content-Type")).startsWith("application/json");
			assertThat(token.json().get("error").asString()).isEqualTo("temporarily_unavailable");

			Http.Response introspection = http.postForm("/oauth2/introspect", Http.form("token", "x"),
					Http.basic("demo-service", "demo-service-secret"));
			assertThat(introspection.status()).as(introspection.toString()).isEqualTo(503);
			assertThat(introspection.json().get("error").asString()).isEqualTo("temporarily_unavailable");

			Http.Response page = http.get("/account", "Accept", "text/html", "User-Agent", Browser.DESKTOP,
					"Accept-Language", "zh-CN", "Cookie", "WXAUTH_SESSION=MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw");
			assertThat(page.status()).as(page.toString()).isEqualTo(503);
			assertThat(page.header("Retry-After")).isEqualTo("5");
			assertThat(page.body()).contains("服务暂时不可用，请稍后再试。").doesNotContain("Exception");

			postgres.startAgain();

			Http.Response back = Http.eventually(() -> token(http), 200, Duration.ofSeconds(30));
			assertThat(back.status()).as("answered again without a restart: " + back).isEqualTo(200);
		}
	}

}
