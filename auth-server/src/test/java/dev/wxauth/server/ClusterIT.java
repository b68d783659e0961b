package dev.wxauth.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Cluster;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestWeChat;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two auth-server processes behind a real HAProxy on one PostgreSQL ({@code make cluster}, {@link Cluster}), as issue
 * 19 asks: a browser login whose every hop alternates between the instances, single sign-on across two clients,
 * refresh tokens rotated across instances with reuse detection, one code redeemed at both at once; an instance killed
 * under load, a rolling restart, PostgreSQL restarted under load; a signing-key rotation and an app-token refresh
 * seen by both. The load is token requests and whole browser logins at a fixed rate; what it met is printed
 * (README's "Running more than one instance" has the figures).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

	static final String DEMO_WEB_REDIRECT = "http://localhost:8080/login/oauth2/code/wxauth";

	static Cluster cluster;

	static OidcTestClient demoWeb;

	@BeforeAll
	static void startCluster() {
		// the load is one client asking as fast as it is answered: counted by the rate limits as always, never refused
		cluster = Cluster.start(Path.of("target", "cluster-it"), Map.of(
				"WXAUTH_AUTHORIZATIONS_REFRESHTOKENREUSEGRACE", "1s", "WXAUTH_KEYS_CACHEREFRESH", "1s",
				"WXAUTH_KEYS_PUBLISHAHEAD", "3s", "WXAUTH_WECHAT_TIMEOUT", "2s",
				"WXAUTH_RATELIMITS_TOKENREQUESTSPERCLIENT", "1000000000"));
		demoWeb = new OidcTestClient(cluster.issuer(), RegisteredClient.withId("demo-web")
			.clientId("demo-web")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(DEMO_WEB_REDIRECT)
			.build(), "demo-web-secret");
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	/** A browser of a new person (the emulator approves for them), recording which instance answered each hop. */
	static Browser person(List<String> servedBy) {
		String user = "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 8_000_000);
		return TestWeChat.person(user, Browser.DESKTOP)
			.onEachResponse((response) -> response.headers().firstValue("X-Served-By").ifPresent(servedBy::add));
	}

	static String code(Browser.Visit visit) {
		assertThat(visit.page()).as("back at the client: " + visit.hops()).isNull();
		return parameters(visit.last()).get("code");
	}

	// ---- 1. every hop on either instance ----

	static JsonNode signedIn;

	static Browser signedInBrowser;

	@Test
	@Order(1)
	void browserLoginWhenEveryHopAlternatesThenSignedInAndSingleSignOnToASecondClient() {
		List<String> servedBy = new ArrayList<>();
		Browser browser = person(servedBy);

		Browser.Visit login = browser.open(demoWeb.authorizationUrl("openid profile"), demoWeb::isRedirectUri);
		Http.Response tokens = demoWeb.redeem(code(login));

		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(servedBy).as("the hops our side answered").hasSizeGreaterThanOrEqualTo(3).containsOnly("a", "b");
		for (int i = 1; i < servedBy.size(); i++) {
			assertThat(servedBy.get(i)).as("hop %d of %s", i, servedBy).isNotEqualTo(servedBy.get(i - 1));
		}
		signedIn = tokens.json();
		signedInBrowser = browser;

		// the session began on the public address: ask each instance in turn for a second client's code
		OidcTestClient second = registerSecondWebClient();
		for (String instance : List.of("a", "b")) {
			String authorization = second.authorizationUrl("openid").replace(cluster.issuer(), cluster.instance(instance));
			Browser.Visit sso = browser.open(authorization, second::isRedirectUri);

			assertThat(sso.visited((uri) -> uri.toString().startsWith(TestWeChat.emulator().baseUrl())))
				.as("instance " + instance + " asks WeChat no more: signed in already " + sso.hops()).isFalse();
			assertThat(second.redeem(code(sso)).status()).isEqualTo(200);
		}
	}

	/** An access token of the dev admin client, for the admin API. */
	static String adminToken(Http http) {
		return http.postForm("/oauth2/token", Http.form("grant_type", "client_credentials", "scope", "wxauth.admin"),
				Http.basic("wxauth-admin", "wxauth-admin-secret"))
			.json()
			.get("access_token")
			.asString();
	}

	static OidcTestClient registerSecondWebClient() {
		Http http = new Http(cluster.issuer());
		String admin = adminToken(http);
		String clientId = "cluster-second-" + ThreadLocalRandom.current().nextInt(1_000_000);
		Http.Response registered = http.postJson("/admin/v1/clients", """
				{"client_id": "%s", "grant_types": ["authorization_code", "refresh_token"],
				 "redirect_uris": ["https://second.example/callback"], "scope": "openid profile"}""".formatted(clientId),
				Http.bearer(admin));
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		return new OidcTestClient(cluster.issuer(), RegisteredClient.withId(clientId)
			.clientId(clientId)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("https://second.example/callback")
			.build(), registered.json().get("client_secret").asString());
	}

	// ---- refresh tokens and codes across instances ----

	static Http.Response refreshAt(String instance, String refreshToken) {
		return new Http(cluster.instance(instance)).postForm("/oauth2/token",
				Http.form("grant_type", "refresh_token", "refresh_token", refreshToken),
				Http.basic("demo-web", "demo-web-secret"));
	}

	@Test
	@Order(2)
	void refreshWhenRotatedByOneInstanceThenTheOtherRotatesOnAndDetectsReuse() throws Exception {
		String first = signedIn.get("refresh_token").asString();
		Http.Response atA = refreshAt("a", first);
		assertThat(atA.status()).as(atA.body()).isEqualTo(200);
		Http.Response atB = refreshAt("b", atA.json().get("refresh_token").asString());
		assertThat(atB.status()).as("rotated on by the other instance: " + atB.body()).isEqualTo(200);
		String current = atB.json().get("refresh_token").asString();

		Thread.sleep(1500);
		Http.Response reuse = refreshAt("b", first);

		assertThat(reuse.status()).isEqualTo(400);
		assertThat(reuse.json().get("error").asString()).isEqualTo("invalid_grant");
		assertThat(refreshAt("a", current).status()).as("the grant revoked on reuse, seen by both").isEqualTo(400);
		assertThat(demoWeb.introspect(atB.json().get("access_token").asString()).json().get("active").asBoolean())
			.isFalse();
	}

	@Test
	@Order(3)
	void codeWhenRedeemedAtBothInstancesAtOnceThenTokensOnce() throws Exception {
		String code = code(signedInBrowser.open(demoWeb.authorizationUrl("openid"), demoWeb::isRedirectUri));
		CountDownLatch start = new CountDownLatch(1);
		ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
		List<Thread> redeemers = new ArrayList<>();
		for (String instance : List.of("a", "b")) {
			redeemers.add(Thread.ofPlatform().start(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				statuses.add(new Http(cluster.instance(instance)).postForm("/oauth2/token",
						Http.form("grant_type", "authorization_code", "code", code, "redirect_uri", DEMO_WEB_REDIRECT,
								"code_verifier", demoWeb.codeVerifier),
						Http.basic("demo-web", "demo-web-secret"))
					.status());
			}));
		}
		start.countDown();
		for (Thread redeemer : redeemers) {
			redeemer.join();
		}

		assertThat(statuses).containsExactlyInAnyOrder(200, 400);
	}

	// ---- 5. keys and WeChat's app token, shared ----

	@Test
	@Order(4)
	void signingKeyWhenRotatedThenOneNewKeyPublishedAndUsedByBothInstances() throws Exception {
		JdbcTemplate database = cluster.database();
		int keysBefore = database.queryForObject("SELECT count(*) FROM signing_keys", Integer.class);
		Http http = new Http(cluster.issuer());
		String admin = adminToken(http);

		Http.Response rotated = http.postForm("/admin/v1/keys/rotate", Map.of(), Http.bearer(admin));
		assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
		String kid = rotated.json().get("kid").asString();

		for (String instance : List.of("a", "b")) {
			Http.Response jwks = Http.eventually(() -> {
				Http.Response keys = new Http(cluster.instance(instance)).get("/oauth2/jwks");
				return keys.body().contains(kid) ? keys : new Http(cluster.instance(instance)).get("/nothing-here");
			}, 200, Duration.ofSeconds(15));
			assertThat(jwks.body()).as("instance " + instance + " publishes the new key").contains(kid);
		}
		for (String instance : List.of("a", "b")) {
			Instant deadline = Instant.now().plusSeconds(20);
			String signedWith = null;
			while (Instant.now().isBefore(deadline) && !kid.equals(signedWith)) {
				String token = new Http(cluster.instance(instance))
					.postForm("/oauth2/token", Http.form("grant_type", "client_credentials"),
							Http.basic("demo-service", "demo-service-secret"))
					.json()
					.get("access_token")
					.asString();
				signedWith = headerOf(token).get("kid").asString();
				Thread.sleep(250);
			}
			assertThat(signedWith).as("instance " + instance + " signs with the new key").isEqualTo(kid);
		}
		assertThat(database.queryForObject("SELECT count(*) FROM signing_keys", Integer.class))
			.as("one new key, not one per instance").isEqualTo(keysBefore + 1);
	}

	static JsonNode headerOf(String jwt) {
		String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))),
				StandardCharsets.UTF_8);
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(header);
	}

	@Test
	@Order(5)
	void appTokenWhenBothInstancesNeedAFreshOneAtOnceThenOneFetchFromWeChat() throws Exception {
		String user = "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 8_000_000);
		String appid = WeChatLoginFixture.MINI_PROGRAM;
		Http.Response login = new Http(cluster.issuer()).postForm("/oauth2/token",
				Http.form("grant_type", "urn:wxauth:params:oauth:grant-type:wechat-mini-program", "client_id",
						"demo-mini-program", "code", TestWeChat.emulator().mintJsCode(appid, user), "scope",
						"openid phone"));
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		String bearer = login.json().get("access_token").asString();
		JdbcTemplate database = cluster.database();
		database.update("DELETE FROM wechat_app_access_tokens WHERE appid = ?", appid);
		int fetches = TestWeChat.emulator().calls("/cgi-bin/stable_token");

		CountDownLatch start = new CountDownLatch(1);
		ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
		List<Thread> callers = new ArrayList<>();
		for (String instance : List.of("a", "b")) {
			String phoneCode = TestWeChat.emulator().mintPhoneCode(appid, user);
			callers.add(Thread.ofPlatform().start(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				statuses.add(new Http(cluster.instance(instance))
					.postJson("/wechat/mini-program/phone-number", "{\"code\": \"" + phoneCode + "\"}",
							Http.bearer(bearer))
					.status());
			}));
		}
		start.countDown();
		for (Thread caller : callers) {
			caller.join();
		}

		assertThat(statuses).containsOnly(200);
		assertThat(TestWeChat.emulator().calls("/cgi-bin/stable_token")).as("one fetch for both instances")
			.isEqualTo(fetches + 1);
	}

	// ---- 2.-4. failures under load ----

	/** What one token request, or one whole browser login, of the load met. */
	record Outcome(String kind, Instant at, int status, String token, String error) {

		boolean failed() {
			return this.status != 200;
		}

	}

	/**
	 * Load through HAProxy at a fixed rate: clients asking for tokens ({@code client_credentials}), each at
	 * {@code tokensPerSecond}, and people signing in with their browsers (the whole login, new people each time, the
	 * code redeemed), each browser twice a second; until stopped. A request is sent on time even when the one before
	 * took long, so a failure is counted where it happens rather than hidden by a slower pace.
	 */
	static final class Load implements AutoCloseable {

		final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Thread> threads = new ArrayList<>();

		Load(int tokenClients, int tokensPerSecond, int browsers) {
			String basic = "Basic " + Base64.getEncoder()
				.encodeToString("demo-service:demo-service-secret".getBytes(StandardCharsets.UTF_8));
			for (int i = 0; i < tokenClients; i++) {
				HttpClient client = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(5))
					.build();
				HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.issuer() + "/oauth2/token"))
					.header("Authorization", basic)
					.header("Content-Type", "application/x-www-form-urlencoded")
					.timeout(Duration.ofSeconds(15))
					.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
					.build();
				paced(Duration.ofMillis(1000 / tokensPerSecond), () -> this.outcomes.add(token(client, request)));
			}
			for (int i = 0; i < browsers; i++) {
				paced(Duration.ofMillis(500), () -> this.outcomes.add(login()));
			}
		}

		private void paced(Duration interval, Runnable request) {
			this.threads.add(Thread.ofPlatform().start(() -> {
				long next = System.nanoTime();
				while (this.running.get()) {
					request.run();
					next = Math.max(next + interval.toNanos(), System.nanoTime() - interval.toNanos());
					long wait = next - System.nanoTime();
					if (wait > 0) {
						java.util.concurrent.locks.LockSupport.parkNanos(wait);
					}
				}
			}));
		}

		private static Outcome token(HttpClient client, HttpRequest request) {
			Instant at = Instant.now();
			try {
				HttpResponse<String> response;
				try {
					response = client.send(request, HttpResponse.BodyHandlers.ofString());
				}
				catch (java.io.IOException ex) {
					// a kept-alive connection closed as the request went out, before any byte of an answer: sent
					// again once, on a new connection, as browsers and HTTP libraries do
					if (!String.valueOf(ex.getMessage()).contains("received no bytes")) {
						throw ex;
					}
					response = client.send(request, HttpResponse.BodyHandlers.ofString());
				}
				String body = response.body();
				if (response.statusCode() == 200) {
					return new Outcome("token", at, 200,
							body.replaceFirst("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1"), null);
				}
				return new Outcome("token", at, response.statusCode(), null,
						response.headers().firstValue("Retry-After").map((s) -> "Retry-After " + s).orElse("") + " "
								+ body);
			}
			catch (Exception ex) {
				return new Outcome("token", at, 0, null, ex.toString());
			}
		}

		private static Outcome login() {
			Instant at = Instant.now();
			try {
				Browser.Visit visit = person(new ArrayList<>()).open(demoWeb.authorizationUrl("openid"),
						demoWeb::isRedirectUri);
				if (visit.page() != null) {
					return new Outcome("login", at, visit.page().statusCode(), null, "at " + visit.last().getPath());
				}
				String code = parameters(visit.last()).get("code");
				if (code == null) {
					return new Outcome("login", at, 400, null, "back at the client without a code: " + visit.last());
				}
				Http.Response tokens = demoWeb.redeem(code);
				return new Outcome("login", at, tokens.status(), null, (tokens.status() == 200) ? null : tokens.body());
			}
			catch (Exception ex) {
				return new Outcome("login", at, 0, null, ex.toString());
			}
		}

		List<Outcome> failures() {
			return this.outcomes.stream().filter(Outcome::failed).toList();
		}

		long succeeded(String kind) {
			return this.outcomes.stream().filter((outcome) -> outcome.kind().equals(kind) && !outcome.failed()).count();
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join();
			}
		}

	}

	/** Four clients at 50 tokens a second each, and two browsers signing in twice a second each. */
	static Load load() {
		return new Load(4, 50, 2);
	}

	static final int IN_FLIGHT_AT_MOST = 6;

	static void report(String scenario, Load load) {
		System.out.println("[cluster] " + scenario + ": " + load.succeeded("token") + " tokens and "
				+ load.succeeded("login") + " logins answered 200, " + load.failures().size() + " failed"
				+ (load.failures().isEmpty() ? ""
						: ": " + load.failures().stream().map((f) -> f.kind() + " " + f.status() + " " + f.error())
							.distinct()
							.limit(5)
							.collect(Collectors.joining("; "))));
	}

	@Test
	@Order(6)
	void killNineWhenUnderLoadThenOnlyRequestsInFlightFailAndEveryTokenAnsweredStaysValidAndABegunLoginCompletes()
			throws Exception {
		// a login whose first hop instance a answered, left at WeChat's page
		Browser browser;
		Browser.Visit begun;
		List<String> servedBy = new ArrayList<>();
		do {
			servedBy.clear();
			browser = person(servedBy);
			begun = browser.open(demoWeb.authorizationUrl("openid"),
					(uri) -> uri.toString().startsWith(TestWeChat.emulator().baseUrl()));
		}
		while (!"a".equals(servedBy.getFirst()));
		Instant killed;
		try (Load load = load()) {
			Thread.sleep(2000);
			killed = Instant.now();
			cluster.kill("a");
			Thread.sleep(4000);
			load.close();
			report("kill -9 of instance a", load);

			List<Outcome> failures = load.failures();
			assertThat(failures).as("only requests in flight at the kill").hasSizeLessThanOrEqualTo(IN_FLIGHT_AT_MOST);
			assertThat(failures).allSatisfy((failure) -> assertThat(failure.at()).isBefore(killed.plusSeconds(2)));
			assertThat(load.outcomes.stream().filter((o) -> o.at().isAfter(killed.plusSeconds(2))).count())
				.as("served on by the survivor").isGreaterThan(100);

			Http introspection = new Http(cluster.issuer());
			List<String> inactive = load.outcomes.stream()
				.filter((outcome) -> outcome.token() != null)
				.map(Outcome::token)
				.filter((token) -> !introspection
					.postForm("/oauth2/introspect", Http.form("token", token),
							Http.basic("demo-service", "demo-service-secret"))
					.json()
					.get("active")
					.asBoolean())
				.toList();
			assertThat(inactive).as("every token answered 200 is active").isEmpty();
		}

		Browser.Visit completed = browser.open(begun.last().toString(), demoWeb::isRedirectUri);
		assertThat(demoWeb.redeem(code(completed)).status()).as("the login begun on the killed instance").isEqualTo(200);

		cluster.start("a");
	}

	@Test
	@Order(7)
	void rollingRestartWhenEachInstanceIsStoppedInTurnThenNoRequestFails() throws Exception {
		try (Load load = load()) {
			for (String instance : List.of("a", "b")) {
				Thread.sleep(1000);
				cluster.stop(instance);
				cluster.start(instance);
				// HAProxy takes it back after two good checks
				Thread.sleep(1500);
			}
			Thread.sleep(1000);
			load.close();
			report("rolling restart (SIGTERM a, start a, SIGTERM b, start b)", load);

			assertThat(load.failures()).as("failures during a rolling restart").isEmpty();
		}
	}

	@Test
	@Order(8)
	void postgresWhenRestartedUnderLoadThenCleanFailuresOnlyAndBothInstancesRecoverByThemselves() throws Exception {
		Instant back;
		try (Load load = load()) {
			Thread.sleep(1000);
			cluster.stopPostgres();
			Thread.sleep(4000);
			cluster.startPostgres();
			back = Instant.now();
			cluster.awaitReady("a", Duration.ofSeconds(30));
			cluster.awaitReady("b", Duration.ofSeconds(30));
			Duration recovery = Duration.between(back, Instant.now());
			Thread.sleep(2000);
			load.close();
			report("PostgreSQL stopped 4 s under load, then started (both ready again " + recovery.toMillis()
					+ " ms after)", load);

			List<Outcome> failures = load.failures();
			assertThat(failures.stream().filter((f) -> f.kind().equals("token")).map(Outcome::status))
				.as("tokens refused during the outage: 503 only").allMatch((status) -> status == 503);
			assertThat(failures.stream().filter((f) -> f.kind().equals("token")))
				.allSatisfy((failure) -> assertThat(failure.error()).startsWith("Retry-After 5"));
			assertThat(failures.stream().map(Outcome::status))
				.as("never a 500 or a broken connection, for logins neither: " + failures)
				.noneMatch((status) -> status == 0 || status == 500);
			assertThat(recovery).as("both instances ready again within seconds").isLessThan(Duration.ofSeconds(15));
			assertThat(load.outcomes.stream()
				.filter((outcome) -> outcome.at().isAfter(Instant.now().minusSeconds(1)))
				.filter(Outcome::failed)).as("answered again").isEmpty();
		}
	}

}
