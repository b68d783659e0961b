package dev.wxauth.server.admin;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jwt.SignedJWT;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/v1/keys} on a server of its own whose new keys sign at once ({@code publish-ahead} 0), so that a
 * rotation has a replaced key to retire.
 */
class KeyAdminApiTests {

	static RunningAuthServer server;

	static Http http;

	@BeforeAll
	static void start() {
		server = RunningAuthServer.start(TestPostgres.newDatabase("key_admin"), "wxauth.keys.publish-ahead=0s",
				"wxauth.keys.cache-refresh=1s");
		http = new Http(server.issuer());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	static AdminApiTestClient admin() {
		return AdminApiTestClient.as(http, "wxauth.admin");
	}

	static String tokenKid(AdminApiTestClient admin) {
		try {
			return SignedJWT.parse(admin.token).getHeader().getKeyID();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<String> jwksKids() {
		List<String> kids = new ArrayList<>();
		http.get("/oauth2/jwks").json().get("keys").forEach((key) -> kids.add(key.get("kid").asString()));
		return kids;
	}

	@Test
	void rotateThenRetireTheReplacedKeyThenItLeavesTheJwksAndItsTokensFail() throws InterruptedException {
		AdminApiTestClient before = admin();
		String oldKid = tokenKid(before);
		assertThat(before.get("/admin/v1/keys/" + oldKid).json().get("state").asString()).isEqualTo("signing");

		Http.Response rotated = before.post("/admin/v1/keys/rotate", null);

		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
		String newKid = rotated.json().get("kid").asString();
		assertThat(rotated.header("Location")).isEqualTo("/admin/v1/keys/" + newKid);
		AdminApiTestClient after = admin();
		assertThat(tokenKid(after)).isEqualTo(newKid);
		assertThat(after.get("/admin/v1/keys/" + oldKid).json().get("state").asString()).isEqualTo("published");
		assertThat(jwksKids()).contains(oldKid, newKid);
		Http.Response tooSoon = after.post("/admin/v1/keys/" + oldKid + "/retire", null);
		assertThat(tooSoon.status()).as("another instance may not have reread the keys yet").isEqualTo(409);
		Thread.sleep(1_100);

		Http.Response retired = after.post("/admin/v1/keys/" + oldKid + "/retire", null);

		assertThat(retired.status()).as(retired.toString()).isEqualTo(200);
		assertThat(retired.json().get("state").asString()).isEqualTo("retired");
		assertThat(jwksKids()).doesNotContain(oldKid);
		assertThat(after.get("/admin/v1/audit-events?resource_type=key").body()).contains("\"rotate\"", "\"retire\"");
	}

	@Test
	void retireWhenTheKeySignsNowThenConflictAndUnknownThenNotFound() {
		AdminApiTestClient admin = admin();

		Http.Response refused = admin.post("/admin/v1/keys/" + tokenKid(admin) + "/retire", null);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(admin.post("/admin/v1/keys/no-such-kid/retire", null).status()).isEqualTo(404);
		assertThat(admin.get("/admin/v1/keys/no-such-kid").status()).isEqualTo(404);
	}

	@Test
	void listWhenPagedThenNewestFirstEachOnce() {
		AdminApiTestClient admin = admin();
		admin.post("/admin/v1/keys/rotate", null);
		admin = admin();

		Http.Response first = admin.get("/admin/v1/keys?limit=1");
		String cursor = first.json().get("next_cursor").asString();
		Http.Response second = admin.get("/admin/v1/keys?limit=1&cursor=" + cursor);

		String newest = first.json().get("items").get(0).get("kid").asString();
		assertThat(newest).isEqualTo(tokenKid(admin));
		assertThat(second.json().get("items").get(0).get("kid").asString()).isNotEqualTo(newest);
	}

}
