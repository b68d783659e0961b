package dev.wxauth.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import dev.wxauth.server.audit.LoginEventLog;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.RawHttp;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input at every endpoint, over real HTTP: over a thousand requests generated from a fixed seed (repeated,
 * missing, oversized and undecodable parameters, wrong methods and content types, malformed cookies, credentials and
 * JWTs, request lines and headers no client sends), against the server, the emulator and PostgreSQL the other tests
 * use. None may answer a 5xx or show stack-trace text, and none may write a row: every request here is refused, or
 * (discovery, JWKS) only reads.
 * <p>
 * The browser session is a row too: no refused request may create a session or change one. A signed-out browser's
 * state waits in cookies (README, "Cookies and sessions"), so a refused browser request has no reason to create one,
 * not even for a CSRF token. The signed-in session here is sent only where nothing may change it (never to a logout
 * endpoint), and gets its CSRF token before the corpus, as at its first form: Spring Security makes a session's
 * token once, for whichever request asks first.
 * <p>
 * A failure names each request that failed by its number and what it is; the same number is the same request on
 * every run ({@link #SEED}).
 */
@AuthServerTest
class BadInputCorpusTests {

	static final long SEED = 15;

	static final int THREADS = 4;

	static final String FORM = "application/x-www-form-urlencoded";

	static final String HTML = "text/html,application/xhtml+xml";

	/** What only a stack trace or an exception's text shows. */
	static final List<String> STACK_TRACE_TEXT = List.of("Exception", "\tat ", "java.");

	static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	LoginEventLog loginEvents;

	final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@Test
	void everyEndpointWhenInputIsBadThenNoServerErrorNoStackTraceAndNoRowWritten() throws Exception {
		Credentials credentials = signInEveryWay();
		List<Probe> probes = new Corpus(credentials).generate();
		assertThat(probes).hasSizeGreaterThanOrEqualTo(1_000);
		// the sign-ins' login events, which the log writes a moment later, are in before the count
		this.loginEvents.flush();
		Map<String, Set<String>> rowsBefore = rows();

		long start = System.nanoTime();
		List<Outcome> outcomes = sendAll(probes);
		long millis = (System.nanoTime() - start) / 1_000_000;

		Map<String, Integer> statuses = new TreeMap<>();
		outcomes.forEach((outcome) -> statuses.merge(outcome.statusName(), 1, Integer::sum));
		List<String> slowest = outcomes.stream()
			.sorted(Comparator.comparingLong(Outcome::millis).reversed())
			.limit(3)
			.map((outcome) -> "#" + outcome.probe().number() + " " + outcome.millis() + " ms")
			.toList();
		System.out.printf("Bad-input corpus: %d requests in %d ms (seed %d, %d threads); statuses %s; slowest %s%n",
				outcomes.size(), millis, SEED, THREADS, statuses, slowest);
		List<String> failures = outcomes.stream()
			.map(Outcome::failure)
			.filter((failure) -> failure != null)
			.toList();
		assertThat(failures).as("requests answered badly (%d):%n%s", failures.size(),
				String.join("\n", failures.subList(0, Math.min(failures.size(), 40))))
			.isEmpty();
		this.loginEvents.flush();
		Map<String, Set<String>> written = newRows(rowsBefore, rows());
		assertThat(written).as("rows written by refused requests").isEmpty();
	}

	/** A person signed in on the web, a mini-program login and a service's token: real credentials to spoil. */
	private Credentials signInEveryWay() {
		OidcTestClient web = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		JsonNode webTokens = this.fixture.signIn(web, browser, "openid profile");
		String session = browser.cookie(WeChatLoginFixture.SESSION_COOKIE).orElseThrow();
		// the logout confirmation's form: the session gets its CSRF token now, as it would at its first form
		assertThat(browser.open(this.fixture.issuer() + "/logout", (uri) -> false).page().statusCode()).isEqualTo(200);
		CodeGrantClient miniProgramClient = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		JsonNode miniProgram = miniProgramClient
			.login(this.fixture.wechat().mintJsCode(WeChatLoginFixture.MINI_PROGRAM, "alice"), "openid phone profile")
			.json();
		String serviceToken = new Http(this.fixture.issuer())
			.postForm("/oauth2/token", Http.form("grant_type", "client_credentials"),
					Http.basic("demo-service", "demo-service-secret"))
			.json()
			.get("access_token")
			.asString();
		String adminToken = new Http(this.fixture.issuer())
			.postForm("/oauth2/token", Http.form("grant_type", "client_credentials", "scope", "wxauth.admin"),
					Http.basic("wxauth-admin", "wxauth-admin-secret"))
			.json()
			.get("access_token")
			.asString();
		// dynamic client registration: a token with uses to spare, and a client registered with another
		Http admin = new Http(this.fixture.issuer());
		String initialAccessToken = admin
			.postJson("/admin/v1/initial-access-tokens", "{\"uses\": 1000}", Http.bearer(adminToken))
			.json()
			.get("initial_access_token")
			.asString();
		JsonNode registered = admin.postJson("/connect/register", "{\"redirect_uris\": [\"https://partner.example/cb\"]}",
				Http.bearer(admin.postJson("/admin/v1/initial-access-tokens", "{}", Http.bearer(adminToken))
					.json()
					.get("initial_access_token")
					.asString()))
			.json();
		return new Credentials(web, session, webTokens.get("id_token").asString(), miniProgramClient.clientId(),
				miniProgram.get("access_token").asString(), miniProgram.get("refresh_token").asString(),
				serviceToken, adminToken, initialAccessToken, registered.get("client_id").asString(),
				registered.get("registration_access_token").asString());
	}

	record Credentials(OidcTestClient web, String session, String idToken, String miniProgramClientId,
			String miniProgramAccessToken, String miniProgramRefreshToken, String serviceAccessToken,
			String adminAccessToken, String initialAccessToken, String registeredClientId,
			String registrationAccessToken) {
	}

	// ---- sending ----

	private List<Outcome> sendAll(List<Probe> probes) throws Exception {
		try (ExecutorService workers = Executors.newFixedThreadPool(THREADS)) {
			List<Future<Outcome>> answers = new ArrayList<>();
			for (Probe probe : probes) {
				answers.add(workers.submit(() -> send(probe)));
			}
			List<Outcome> outcomes = new ArrayList<>();
			for (Future<Outcome> answer : answers) {
				outcomes.add(answer.get());
			}
			return outcomes;
		}
	}

	private Outcome send(Probe probe) {
		long start = System.nanoTime();
		Outcome outcome = answer(probe);
		return new Outcome(probe, outcome.status(), outcome.contentType(), outcome.body(), outcome.raw(),
				outcome.error(), (System.nanoTime() - start) / 1_000_000);
	}

	private Outcome answer(Probe probe) {
		try {
			HttpRequest request = (probe.raw() == null) ? buildable(probe) : null;
			if (request != null) {
				HttpResponse<byte[]> response = this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
				return new Outcome(probe, response.statusCode(),
						response.headers().firstValue("Content-Type").orElse(""),
						new String(response.body(), StandardCharsets.UTF_8), false, null, 0);
			}
			return sendRaw(probe);
		}
		catch (IOException | RuntimeException ex) {
			return new Outcome(probe, -1, "", "", false, ex.toString(), 0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Outcome(probe, -1, "", "", false, ex.toString(), 0);
		}
	}

	/** The request as Java's client sends it, or {@code null} when it refuses to (a broken URI, a restricted header). */
	private HttpRequest buildable(Probe probe) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.fixture.issuer() + probe.target()))
				.timeout(Duration.ofSeconds(20))
				.method(probe.method(), (probe.body() != null) ? HttpRequest.BodyPublishers.ofByteArray(probe.body())
						: HttpRequest.BodyPublishers.noBody());
			for (String[] header : probe.headers()) {
				request.header(header[0], header[1]);
			}
			return request.build();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private Outcome sendRaw(Probe probe) throws IOException {
		URI issuer = URI.create(this.fixture.issuer());
		byte[] request = (probe.raw() != null) ? probe.raw() : rawRequest(probe, issuer);
		RawHttp.Response response;
		try {
			response = new RawHttp(this.fixture.issuer()).send(request);
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		String text = response.text();
		int bodyStart = text.indexOf("\r\n\r\n");
		return new Outcome(probe, response.status(), "", (bodyStart >= 0) ? text.substring(bodyStart + 4) : text,
				true, null, 0);
	}

	private static byte[] rawRequest(Probe probe, URI issuer) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		StringBuilder head = new StringBuilder(probe.method() + " " + probe.target() + " HTTP/1.1\r\n");
		head.append("Host: ").append(issuer.getHost()).append(':').append(issuer.getPort()).append("\r\n");
		boolean lengthGiven = false;
		for (String[] header : probe.headers()) {
			head.append(header[0]).append(": ").append(header[1]).append("\r\n");
			lengthGiven |= header[0].equalsIgnoreCase("Content-Length")
					|| header[0].equalsIgnoreCase("Transfer-Encoding");
		}
		if (probe.body() != null && !lengthGiven) {
			head.append("Content-Length: ").append(probe.body().length).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		if (probe.body() != null) {
			request.writeBytes(probe.body());
		}
		return request.toByteArray();
	}

	// ---- what the database holds ----

	/**
	 * Each table's rows, as hashes of their contents; a session by its ids and attribute names, since reading it may
	 * move its access time.
	 */
	private Map<String, Set<String>> rows() {
		Map<String, Set<String>> rows = new TreeMap<>();
		List<String> tables = this.fixture.jdbc()
			.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
					+ " AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history'", String.class);
		for (String table : tables) {
			String row = switch (table) {
				case "spring_session" -> "primary_id || ':' || session_id || ':' || coalesce(principal_name, '')"
						+ " || ':' || coalesce((SELECT string_agg(attribute_name, ',' ORDER BY attribute_name)"
						+ " FROM spring_session_attributes a WHERE a.session_primary_id = t.primary_id), '')";
				default -> "md5(t::text)";
			};
			// a spoiled WeChat callback is a failed login, which the login event log keeps by design
			String where = table.equals("login_events") ? " WHERE t.outcome = 'success'" : "";
			rows.put(table, new HashSet<>(this.fixture.jdbc()
				.queryForList("SELECT " + row + " FROM " + table + " t" + where, String.class)));
		}
		return rows;
	}

	private static Map<String, Set<String>> newRows(Map<String, Set<String>> before, Map<String, Set<String>> after) {
		Map<String, Set<String>> written = new TreeMap<>();
		after.forEach((table, rows) -> {
			Set<String> added = rows.stream()
				.filter((row) -> !before.getOrDefault(table, Set.of()).contains(row))
				.collect(Collectors.toSet());
			if (!added.isEmpty()) {
				written.put(table, added);
			}
		});
		return written;
	}

	// ---- the requests and their answers ----

	/**
	 * One request: sent by Java's HTTP client when it can express it, else written on a socket as given
	 * ({@code raw}, or built from the other fields).
	 */
	record Probe(int number, String what, String method, String target, List<String[]> headers, byte[] body,
			byte[] raw, Set<Integer> specifiedServerStatuses) {

		String path() {
			int query = this.target.indexOf('?');
			return (query >= 0) ? this.target.substring(0, query) : this.target;
		}

		boolean acceptsHtml() {
			return this.headers.stream()
				.anyMatch((header) -> header[0].equalsIgnoreCase("Accept") && header[1].contains("text/html"));
		}

		@Override
		public String toString() {
			String request = (this.raw != null) ? new String(this.raw, StandardCharsets.ISO_8859_1)
					: this.method + " " + this.target + " "
							+ this.headers.stream().map((h) -> h[0] + ": " + h[1]).collect(Collectors.joining("; "))
							+ ((this.body != null) ? " body[" + new String(this.body, StandardCharsets.ISO_8859_1) + "]"
									: "");
			return "#" + this.number + " " + this.what + ": " + abbreviated(request);
		}

		/** Long runs of one character as {@code x{5000}}, control characters escaped: readable and reproducible. */
		static String abbreviated(String text) {
			StringBuilder out = new StringBuilder();
			int i = 0;
			while (i < text.length()) {
				char c = text.charAt(i);
				int run = 1;
				while (i + run < text.length() && text.charAt(i + run) == c) {
					run++;
				}
				String shown = (c < 0x20 || c == 0x7f || c > 0xff) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
				out.append((run > 8) ? shown + "{" + run + "}" : shown.repeat(run));
				i += run;
			}
			return (out.length() > 600) ? out.substring(0, 600) + "..." : out.toString();
		}

	}

	record Outcome(Probe probe, int status, String contentType, String body, boolean raw, String error, long millis) {

		String statusName() {
			return (this.error != null) ? "error" : (this.status == 0) ? "closed" : String.valueOf(this.status);
		}

		/** What is wrong with this answer, naming the request; {@code null} when nothing is. */
		String failure() {
			if (this.error != null) {
				return this.probe + " -> no answer: " + this.error;
			}
			if (this.status >= 500 && !this.probe.specifiedServerStatuses().contains(this.status)) {
				return this.probe + " -> " + this.status + " " + abbreviatedBody();
			}
			for (String text : STACK_TRACE_TEXT) {
				if (this.body.contains(text)) {
					return this.probe + " -> stack-trace text '" + text.replace("\t", "\\t") + "' in " + abbreviatedBody();
				}
			}
			String shape = shapeProblem();
			return (shape != null) ? this.probe + " -> " + this.status + " " + shape + ": " + abbreviatedBody() : null;
		}

		/** An error body in the shape the endpoint promises: OAuth error JSON, problem JSON, or our page. */
		private String shapeProblem() {
			if (this.raw || this.status < 400 || this.body.isEmpty() || isContainersOwnPage()) {
				return null;
			}
			String path = this.probe.path();
			if (Set.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/connect/register").contains(path)) {
				return hasJsonMember("error") ? null : "not OAuth error JSON";
			}
			if (path.startsWith("/wechat/")) {
				return this.contentType.startsWith("application/problem+json") ? null : "not problem JSON";
			}
			if (this.probe.acceptsHtml()) {
				return this.contentType.startsWith("text/html") ? null : "not our error page";
			}
			return this.contentType.startsWith("application/problem+json") || hasJsonMember("error") ? null
					: "neither problem JSON nor OAuth error JSON";
		}

		/**
		 * Tomcat's own short page, for a request it refuses before the application sees it (request line or headers
		 * too long): it names the status only.
		 */
		private boolean isContainersOwnPage() {
			return this.status == 400 && this.body.startsWith("<!doctype html><html lang=\"en\"><head><title>HTTP Status 400")
					&& !this.body.contains("<b>Message</b>");
		}

		private boolean hasJsonMember(String name) {
			try {
				JsonNode node = json.readTree(this.body);
				return node.hasNonNull(name);
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

		private String abbreviatedBody() {
			return Probe.abbreviated(this.body);
		}

	}

	// ---- the corpus ----

	/** Generates the requests: every endpoint with every kind of bad input, then seeded combinations of them. */
	static final class Corpus {

		static final String[] DEMO_SERVICE = Http.basic("demo-service", "demo-service-secret");

		final Credentials credentials;

		final Random random = new Random(SEED);

		final List<Probe> probes = new ArrayList<>();

		Corpus(Credentials credentials) {
			this.credentials = credentials;
		}

		List<Probe> generate() {
			List<Base> bases = bases();
			for (Base base : bases) {
				parameterDefects(base);
				requestDefects(base);
			}
			malformedCredentials();
			phoneNumberBodies();
			profileBodies();
			weChatPushes();
			adminApi();
			dynamicRegistration();
			pathsAndMethods();
			brokenRequests();
			while (this.probes.size() < 1_200) {
				Base base = bases.get(this.random.nextInt(bases.size()));
				List<String[]> parameters = defective(base, defective(base, base.parameters()));
				add(base, "combination", parameters, pick(headerNoise()));
			}
			return this.probes;
		}

		// -- the endpoints, each with a request that only a defect makes bad enough to refuse --

		/**
		 * @param required parameters whose absence, emptiness or oddity is a refusal before any I/O
		 * @param valid whether the request as it is would be accepted (and write a code, a token, or call WeChat):
		 * then it is sent only with a defect that is sure to be refused
		 */
		record Base(String name, String method, String path, List<String[]> parameters, Set<String> required,
				boolean valid, List<String[]> headers) {
		}

		List<Base> bases() {
			Credentials c = this.credentials;
			List<String[]> authorize = pairs("response_type", "code", "client_id", c.web().clientId(), "redirect_uri",
					c.web().redirectUri(), "scope", "openid", "state", "st4te", "nonce", "n0nce", "code_challenge",
					"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256");
			String[] session = { "Cookie", WeChatLoginFixture.SESSION_COOKIE + "=" + c.session() };
			String[] demoService = basic("demo-service", "demo-service-secret");
			return List.of(
					new Base("authorize, signed out", "GET", "/oauth2/authorize", authorize, Set.of(), false,
							headers("Accept", HTML)),
					new Base("authorize, signed in", "GET", "/oauth2/authorize", authorize,
							Set.of("response_type", "client_id"), true, headers("Accept", HTML, session[0], session[1])),
					new Base("authorize, signed in, POST", "POST", "/oauth2/authorize", authorize,
							Set.of("response_type", "client_id"), true, headers("Accept", HTML, session[0], session[1])),
					new Base("token, authorization_code", "POST", "/oauth2/token",
							pairs("grant_type", "authorization_code", "code", "not-a-code", "redirect_uri",
									c.web().redirectUri(), "code_verifier", "v".repeat(43)),
							Set.of("grant_type", "code"), false, headers(basic(c.web().clientId(), TestRegisteredClients.SECRET))),
					new Base("token, refresh_token", "POST", "/oauth2/token",
							pairs("grant_type", "refresh_token", "client_id", c.miniProgramClientId(), "refresh_token",
									c.miniProgramRefreshToken()),
							Set.of("grant_type", "client_id", "refresh_token"), true, List.of()),
					new Base("token, client_credentials", "POST", "/oauth2/token",
							pairs("grant_type", "client_credentials", "scope", "api.read"), Set.of("grant_type"), true,
							headers(demoService)),
					new Base("token, token exchange", "POST", "/oauth2/token",
							pairs("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token",
									c.serviceAccessToken(), "subject_token_type",
									"urn:ietf:params:oauth:token-type:access_token", "resource", "https://api.example"),
							Set.of("grant_type", "subject_token", "subject_token_type"), false, headers(demoService)),
					new Base("token, mini-program code", "POST", "/oauth2/token",
							pairs("grant_type", WeChatGrantTypes.MINI_PROGRAM.getValue(), "client_id", "demo-mini-program",
									"code", "0a3bcdEFghIJ0k1lmNO2pq3rSTu4vwxy", "scope", "openid"),
							Set.of("grant_type", "client_id", "code"), true, List.of()),
					new Base("token, native-app code", "POST", "/oauth2/token",
							pairs("grant_type", WeChatGrantTypes.MOBILE_APP.getValue(), "client_id", "demo-app", "code",
									"0a4bcdEFghIJ0k1lmNO2pq3rSTu4vwxy", "scope", "openid"),
							Set.of("grant_type", "client_id", "code"), true, List.of()),
					new Base("introspect", "POST", "/oauth2/introspect",
							pairs("token", c.serviceAccessToken(), "token_type_hint", "access_token"), Set.of("token"), false,
							headers(demoService)),
					new Base("revoke", "POST", "/oauth2/revoke",
							pairs("token", "not-a-token", "token_type_hint", "refresh_token"), Set.of(), false,
							headers(demoService)),
					new Base("userinfo", "GET", "/userinfo", pairs("schema", "openid"), Set.of(), false,
							headers(bearer(c.serviceAccessToken()))),
					new Base("jwks", "GET", "/oauth2/jwks", pairs("v", "1"), Set.of(), false, List.of()),
					new Base("discovery", "GET", "/.well-known/openid-configuration", pairs("v", "1"), Set.of(), false,
							List.of()),
					new Base("AS metadata", "GET", "/.well-known/oauth-authorization-server", pairs("v", "1"),
							Set.of(), false, List.of()),
					new Base("end session", "GET", "/connect/logout",
							pairs("id_token_hint", "not.a.jwt", "client_id", c.web().clientId(),
									"post_logout_redirect_uri", "https://client.example/signed-out", "state", "s"),
							Set.of(), false, headers("Accept", HTML)),
					new Base("end session, POST", "POST", "/connect/logout",
							pairs("id_token_hint", "not.a.jwt", "post_logout_redirect_uri", "https://evil.example/"),
							Set.of(), false, headers("Accept", HTML)),
					new Base("logout page", "GET", "/logout",
							pairs("client_id", c.web().clientId(), "post_logout_redirect_uri",
									"https://client.example/signed-out", "state", "s"),
							Set.of(), false, headers("Accept", HTML)),
					new Base("login page", "GET", "/login", pairs("error", "access_denied"), Set.of(), false,
							headers("Accept", HTML)),
					new Base("consent page", "GET", "/oauth2/consent",
							pairs("scope", "openid profile", "client_id", c.web().clientId(), "state", "n0t-a-state"),
							Set.of("client_id", "state"), false, headers("Accept", HTML, session[0], session[1])),
					new Base("consent answer, no CSRF token", "POST", "/oauth2/authorize",
							pairs("client_id", c.web().clientId(), "state", "n0t-a-state", "scope", "profile"),
							Set.of("client_id", "state"), false, headers("Accept", HTML, session[0], session[1])),
					new Base("WeChat callback, website", "GET", "/login/oauth2/code/website",
							pairs("code", "081abcDEF", "state", "forged-state"), Set.of(), false, headers("Accept", HTML)),
					new Base("WeChat callback, official account", "GET", "/login/oauth2/code/official-account",
							pairs("code", "081abcDEF", "state", "forged-state"), Set.of(), false, headers("Accept", HTML)),
					new Base("WeChat callback, unknown app", "GET", "/login/oauth2/code/nope",
							pairs("code", "081abcDEF", "state", "forged-state"), Set.of(), false, headers("Accept", HTML)),
					new Base("WeChat login start", "GET", "/oauth2/authorization/website", pairs("x", "1"), Set.of(), false,
							headers("Accept", HTML)),
					new Base("WeChat login start, unknown app", "GET", "/oauth2/authorization/nope", pairs("x", "1"),
							Set.of(), false, headers("Accept", HTML)),
					new Base("phone number, query", "POST", "/wechat/mini-program/phone-number", pairs("code", "x"),
							Set.of(), false, headers(bearer("not-a-token"))),
					new Base("WeChat push URL check, forged", "GET", "/wechat/events/mini-program",
							pairs("signature", "0".repeat(40), "timestamp", "1714036504", "nonce", "1514711492", "echostr",
									"4375120948345356249"),
							Set.of("signature", "timestamp", "nonce", "echostr"), false, List.of()),
					new Base("WeChat push, forged", "POST", "/wechat/events/mini-program",
							pairs("signature", "0".repeat(40), "timestamp", "1714037059", "nonce", "486452656",
									"encrypt_type", "aes", "msg_signature", "0".repeat(40)),
							Set.of("signature", "timestamp", "nonce"), false, List.of()),
					new Base("error path", "GET", "/error", pairs("status", "500"), Set.of(), false, List.of()));
		}

		// -- defects of one parameter --

		/**
		 * Each parameter of the base repeated (RFC 6749 §3.1) and over the bound, and two of: repeated with another
		 * value, missing, undecodable, empty, without a value, with a control character, odd.
		 */
		void parameterDefects(Base base) {
			for (int i = 0; i < base.parameters().size(); i++) {
				String name = base.parameters().get(i)[0];
				int at = i;
				boolean refusedWhenSpoiled = !base.valid() || base.required().contains(name);
				boolean oddRefused = refusedWhenSpoiled && !(base.valid() && name.equals("code"));
				parameter(base, name + " repeated", (p) -> insert(p, at + 1, p.get(at)));
				parameter(base, name + " just over the bound", (p) -> replace(p, at, pair(name, "a".repeat(4_097))));
				if (base.method().equals("POST") && at == 0) {
					parameter(base, name + " 100 KB", (p) -> replace(p, at, pair(name, "b".repeat(100_000))));
				}
				List<String> kinds = new ArrayList<>(List.of("another value", "undecodable", "control character"));
				if (base.required().contains(name)) {
					kinds.add("missing");
				}
				if (refusedWhenSpoiled) {
					kinds.addAll(List.of("empty", "without a value"));
				}
				if (oddRefused) {
					kinds.add("odd");
				}
				for (String kind : sample(kinds, 2)) {
					switch (kind) {
						case "another value" ->
							parameter(base, name + " repeated, another value", (p) -> insert(p, at + 1, pair(name, "other")));
						case "undecodable" -> {
							String broken = pick(UNDECODABLE);
							parameter(base, name + " undecodable " + broken, (p) -> replace(p, at, new String[] { name, broken }));
						}
						case "control character" -> {
							String control = pick(List.of("%00", "a%00", "%0D%0ASet-Cookie:%20x=y", "%1B", "%7F"));
							parameter(base, name + " with " + control, (p) -> replace(p, at, new String[] { name, control }));
						}
						case "missing" -> parameter(base, name + " missing", (p) -> remove(p, at));
						case "empty" -> parameter(base, name + " empty", (p) -> replace(p, at, new String[] { name, "" }));
						case "without a value" ->
							parameter(base, name + " without =", (p) -> replace(p, at, new String[] { name, null }));
						default -> {
							String odd = pick(List.of("%3Cscript%3E", "%E7%94%A8%E6%88%B7", "..%2F..%2F", "%20",
									"%EF%BF%BF", "%F0%9F%98%80"));
							parameter(base, name + " odd " + odd, (p) -> replace(p, at, new String[] { name, odd }));
						}
					}
				}
			}
			parameter(base, "a 5000-character name", (p) -> append(p, pair("n".repeat(5_000), "x")));
			parameter(base, "an undecodable name", (p) -> append(p, new String[] { "%zz", "x" }));
			if (!base.valid()) {
				parameter(base, "a nameless parameter", (p) -> append(p, new String[] { "", "x" }));
				parameter(base, "a stray &", (p) -> append(p, new String[] { "&", null }));
				parameter(base, "an unknown parameter", (p) -> append(p, pair("unknown", "x")));
			}
		}

		/** The base with one defect of its parameters; a signed-in authorize only with a refused one. */
		void parameter(Base base, String defect, UnaryOperator<List<String[]>> change) {
			add(base, defect, change.apply(base.parameters()), List.of());
		}

		static final List<String> UNDECODABLE = List.of("%", "%z", "%zz", "%4", "%FF", "%C3%28", "%E2%82",
				"%ED%A0%80", "%F8%88%80%80%80", "%C0%AF");

		/** One of the defects above that is sure to be refused, chosen by the seed. */
		List<String[]> defective(Base base, List<String[]> parameters) {
			if (parameters.isEmpty()) {
				return List.of(pair("x", "y"), pair("x", "z"));
			}
			int at = this.random.nextInt(parameters.size());
			String name = parameters.get(at)[0];
			return switch (this.random.nextInt(4)) {
				case 0 -> insert(parameters, at + 1, pair(name, "again"));
				case 1 -> replace(parameters, at, pair(name, "c".repeat(4_097 + this.random.nextInt(3_000))));
				case 2 -> replace(parameters, at, new String[] { name, pick(List.of("%zz", "%FF", "%C3%28", "%")) });
				default -> insert(parameters, 0, pair(name, "first"));
			};
		}

		// -- defects of the request around the parameters --

		void requestDefects(Base base) {
			List<String> methods = new ArrayList<>(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD",
					"TRACE", "PROPFIND"));
			methods.remove(base.method());
			for (String method : sample(methods, 3)) {
				add(base.name() + ", " + method, method, base.path() + "?" + wire(defective(base, base.parameters())),
						base.headers(), null);
				add(base.name() + ", " + method + " with an undecodable form body", method, base.path(),
						with(base.headers(), "Content-Type", FORM), "a=%zz&b=%FF".getBytes(StandardCharsets.US_ASCII));
			}
			if (base.method().equals("POST")) {
				byte[] form = wire(defective(base, base.parameters())).getBytes(StandardCharsets.ISO_8859_1);
				for (String type : sample(List.of("application/json", "text/plain", "multipart/form-data; boundary=b",
						"multipart/form-data", FORM + "; charset=ebcdic-nonsense", FORM + "; charset=ISO-8859-1",
						"a/b/c", "", "*/*"), 4)) {
					add(base.name() + ", Content-Type '" + type + "'", "POST", base.path(),
							with(base.headers(), "Content-Type", type), form);
				}
				add(base.name() + ", no Content-Type", "POST", base.path(), base.headers(), form);
				add(base.name() + ", body not UTF-8", "POST", base.path(), with(base.headers(), "Content-Type", FORM),
						(wire(base.parameters()) + "&x=\u00ff\u00fe").getBytes(StandardCharsets.ISO_8859_1));
				add(base.name() + ", JSON body", "POST", base.path(), with(base.headers(), "Content-Type", "application/json"),
						"{\"grant_type\":\"client_credentials\",\"code\":[1,2]}".getBytes(StandardCharsets.UTF_8));
				add(base.name() + ", multipart garbage", "POST", base.path(),
						with(base.headers(), "Content-Type", "multipart/form-data; boundary=xyz"),
						"--xyz\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\na\r\n--xyz--garbage"
							.getBytes(StandardCharsets.US_ASCII));
				add(base.name() + ", parameters in the query too", "POST",
						base.path() + "?" + wire(base.parameters().subList(0, 1)),
						with(base.headers(), "Content-Type", FORM),
						wire(base.parameters()).getBytes(StandardCharsets.ISO_8859_1));
			}
			for (String cookie : sample(malformedCookies(), 3)) {
				add(base.name() + ", cookie " + cookie.substring(0, Math.min(30, cookie.length())), base.method(),
						target(base, defective(base, base.parameters())),
						with(withoutCookie(base.headers()), "Cookie", cookie), body(base, defective(base, base.parameters())));
			}
		}

		// -- credentials --

		List<String> malformedJwts() {
			String real = this.credentials.serviceAccessToken();
			String[] parts = real.split("\\.");
			String flippedSignature = parts[0] + "." + parts[1] + "." + flip(parts[2]);
			String flippedPayload = parts[0] + "." + flip(parts[1]) + "." + parts[2];
			return List.of("a.b.c", "..", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "eyJhbGciOiJub25lIn0",
					"a.b.c.d", "a.b.c.d.e", flippedSignature, flippedPayload, parts[0] + "." + parts[1] + ".",
					this.credentials.idToken(), flip(this.credentials.idToken()),
					"eyJhbGciOiJIUzI1NiIsImtpZCI6InVua25vd24ifQ.eyJzdWIiOiJ4In0.c2ln", "!!!.@@@.###",
					"eyJhbGciOiJSUzI1NiJ9.WzFd.c2ln", "eyJ", "x".repeat(6_000),
					"eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLy4uLyJ9.e30.c2ln", real.substring(0, real.length() / 2));
		}

		void malformedCredentials() {
			String introspect = "/oauth2/introspect";
			List<String> authorizations = List.of("Bearer", "Bearer ", "Bearer a b", "Bearer " + "x".repeat(5_000),
					"bearer x.y.z", "Basic", "Basic !!!", "Basic " + b64("nocolon"), "Basic " + b64(":"),
					"Basic " + b64("demo-service:wrong"), "Basic " + b64("no-such-client:x"),
					"Basic " + b64("demo-service:demo-service-secret:extra"), "Basic " + b64("%zz:%zz"),
					"Basic " + b64("%FF:%FE"), "Basic " + Base64.getEncoder().encodeToString(new byte[] { -1, 58, -2 }),
					"Basic " + b64("demo-service:" + "s".repeat(5_000)), "Basic " + b64("demo\u0000service:x"),
					"Basic " + b64("\u0000:\u0000"), "Basic " + b64("demo-service%00:x"), "Digest username=\"x\"",
					"DPoP x.y.z",
					"Bearer " + this.credentials.miniProgramAccessToken() + " extra", "Negotiate YII=");
			for (String authorization : authorizations) {
				String shown = authorization.substring(0, Math.min(40, authorization.length()));
				add("token, Authorization '" + shown + "'", "POST", "/oauth2/token",
						headers("Authorization", authorization, "Content-Type", FORM),
						"grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII));
				add("introspect, Authorization '" + shown + "'", "POST", introspect,
						headers("Authorization", authorization, "Content-Type", FORM),
						"token=x".getBytes(StandardCharsets.US_ASCII));
				add("userinfo, Authorization '" + shown + "'", "GET", "/userinfo", headers("Authorization", authorization),
						null);
				add("phone number, Authorization '" + shown + "'", "POST", "/wechat/mini-program/phone-number",
						headers("Authorization", authorization, "Content-Type", "application/json"),
						"{\"code\":\"x\"}".getBytes(StandardCharsets.US_ASCII));
			}
			for (String jwt : malformedJwts()) {
				String shown = jwt.substring(0, Math.min(40, jwt.length()));
				add("userinfo, bearer JWT " + shown, "GET", "/userinfo", headers("Authorization", "Bearer " + jwt), null);
				add("userinfo, POST, bearer JWT " + shown, "POST", "/userinfo",
						headers("Authorization", "Bearer " + jwt, "Content-Type", FORM), new byte[0]);
				add("phone number, bearer JWT " + shown, "POST", "/wechat/mini-program/phone-number",
						headers("Authorization", "Bearer " + jwt, "Content-Type", "application/json"),
						"{\"code\":\"x\"}".getBytes(StandardCharsets.US_ASCII));
				add("introspect, token JWT " + shown, "POST", introspect,
						headers(DEMO_SERVICE[0], DEMO_SERVICE[1], "Content-Type", FORM),
						("token=" + enc(jwt)).getBytes(StandardCharsets.US_ASCII));
				add("revoke, token JWT " + shown, "POST", "/oauth2/revoke",
						headers(DEMO_SERVICE[0], DEMO_SERVICE[1], "Content-Type", FORM),
						("token=" + enc(jwt) + "&token_type_hint=access_token").getBytes(StandardCharsets.US_ASCII));
				add("end session, id_token_hint JWT " + shown, "GET", "/connect/logout?id_token_hint=" + enc(jwt)
						+ "&post_logout_redirect_uri=" + enc("https://client.example/signed-out"),
						headers("Accept", HTML), null);
				add("token, client_assertion JWT " + shown, "POST", "/oauth2/token", headers("Content-Type", FORM),
						("grant_type=client_credentials&client_id=demo-service&client_assertion_type="
								+ enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") + "&client_assertion="
								+ enc(jwt)).getBytes(StandardCharsets.US_ASCII));
				add("token exchange, subject_token JWT " + shown, "POST", "/oauth2/token",
						headers(DEMO_SERVICE[0], DEMO_SERVICE[1], "Content-Type", FORM),
						("grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange") + "&subject_token="
								+ enc(jwt) + "&subject_token_type=" + enc("urn:ietf:params:oauth:token-type:jwt"))
							.getBytes(StandardCharsets.US_ASCII));
			}
			add("userinfo, token in the query", "GET", "/userinfo?access_token=" + enc(this.credentials.serviceAccessToken()),
					List.of(), null);
			add("userinfo, token in the form", "POST", "/userinfo", headers("Content-Type", FORM),
					("access_token=" + enc(this.credentials.serviceAccessToken())).getBytes(StandardCharsets.US_ASCII));
			add("userinfo, two Authorization headers", "GET", "/userinfo",
					headers("Authorization", "Bearer " + this.credentials.serviceAccessToken(), "Authorization",
							"Bearer x.y.z"),
					null);
			add("refresh, another client's refresh token", "POST", "/oauth2/token", headers("Content-Type", FORM),
					("grant_type=refresh_token&client_id=demo-app&refresh_token="
							+ enc(this.credentials.miniProgramRefreshToken())).getBytes(StandardCharsets.US_ASCII));
			add("refresh, a scope never granted", "POST", "/oauth2/token", headers("Content-Type", FORM),
					("grant_type=refresh_token&client_id=demo-mini-program&scope=api.write&refresh_token="
							+ enc(this.credentials.miniProgramRefreshToken())).getBytes(StandardCharsets.US_ASCII));
			add("refresh, an access token as the refresh token", "POST", "/oauth2/token", headers("Content-Type", FORM),
					("grant_type=refresh_token&client_id=demo-mini-program&refresh_token="
							+ enc(this.credentials.miniProgramAccessToken())).getBytes(StandardCharsets.US_ASCII));
			add("mini-program code, a scope never granted", "POST", "/oauth2/token", headers("Content-Type", FORM),
					("grant_type=" + enc(WeChatGrantTypes.MINI_PROGRAM.getValue())
							+ "&client_id=demo-mini-program&code=0a3bcdEFghIJ&scope=admin").getBytes(StandardCharsets.US_ASCII));
			add("mini-program code, the native app's client", "POST", "/oauth2/token", headers("Content-Type", FORM),
					("grant_type=" + enc(WeChatGrantTypes.MINI_PROGRAM.getValue()) + "&client_id=demo-app&code=0a3bcdEFghIJ")
						.getBytes(StandardCharsets.US_ASCII));
			add("mini-program code, an unknown client", "POST", "/oauth2/token", headers("Content-Type", FORM),
					("grant_type=" + enc(WeChatGrantTypes.MINI_PROGRAM.getValue()) + "&client_id=nobody&code=0a3bcdEFghIJ")
						.getBytes(StandardCharsets.US_ASCII));
			add("mini-program code, 513 characters", "POST", "/oauth2/token", headers("Content-Type", FORM),
					("grant_type=" + enc(WeChatGrantTypes.MINI_PROGRAM.getValue()) + "&client_id=demo-mini-program&code="
							+ "d".repeat(513)).getBytes(StandardCharsets.US_ASCII));
		}

		List<String> malformedCookies() {
			String session = WeChatLoginFixture.SESSION_COOKIE;
			return List.of(session + "=%%%", session + "=" + b64("not-a-session"), session + "=" + "A".repeat(5_000),
					session + "=" + this.credentials.session() + "x", session + "=" + this.credentials.session() + "; "
							+ session + "=other",
					"REDIRECT_URI=%%%", "REDIRECT_URI=" + b64("https://evil.example/"),
					"REDIRECT_URI=" + b64("/oauth2/authorize?client_id=x&client_id=y"), "REDIRECT_URI=!!notbase64!!",
					"REDIRECT_URI=" + b64("/oauth2/authorize?" + "q".repeat(2_500)),
					"WXAUTH_WECHAT_LOGIN=garbage", "WXAUTH_WECHAT_LOGIN=" + b64("x".repeat(60)),
					"WXAUTH_WECHAT_LOGIN=" + "A".repeat(3_000), "WXAUTH_WECHAT_LOGIN=", ";;;;=", "=value",
					"name with space=x", "\"quoted\"=\"x\"", "$Version=1; " + session + "=x; $Path=/", "a=\u0001b",
					"a=\u00ff", session);
		}

		// -- the phone number API's JSON bodies --

		void phoneNumberBodies() {
			String path = "/wechat/mini-program/phone-number";
			List<String> bodies = List.of("", "{", "}", "[]", "null", "\"text\"", "{\"code\":[\"a\"]}",
					"{\"code\":{}}", "{\"code\":null}", "{\"code\":\"\"}", "{\"code\":\"" + "x".repeat(5_000) + "\"}",
					"{\"code\":\"" + "x".repeat(100_000) + "\"}", "{\"encryptedData\":\"AAAA\",\"iv\":\"!!\"}",
					"{\"encryptedData\":\"" + "A".repeat(5_000) + "\",\"iv\":\"AAAA\"}",
					"{\"encryptedData\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"iv\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}",
					"{\"encryptedData\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"iv\":\"AAAA\"}", "[".repeat(5_000),
					"{\"a\":".repeat(3_000), "{\"code\":\"\\ud800\"}", "{\"code\":\"" + "y".repeat(5_000)
							+ "\",\"code\":\"" + "z".repeat(5_000) + "\"}",
					"{\"unknown\":1}", "{\"code\":\"x\"", "\u00ff\u00fe", "{\"code\":\"\u00ff\"}",
					"<xml/>", "code=x");
			String[] token = bearer(this.credentials.miniProgramAccessToken());
			String[] service = bearer(this.credentials.serviceAccessToken());
			for (String body : bodies) {
				byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
				String shown = body.substring(0, Math.min(30, body.length()));
				add("phone number, body '" + shown + "'", "POST", path,
						headers(token[0], token[1], "Content-Type", "application/json"), bytes);
				add("phone number, browser, body '" + shown + "'", "POST", path,
						headers(token[0], token[1], "Content-Type", "application/json", "Accept", HTML), bytes);
				add("phone number, a service's token, body '" + shown + "'", "POST", path,
						headers(service[0], service[1], "Content-Type", "application/json"), bytes);
			}
			for (String type : List.of("text/plain", FORM, "multipart/form-data; boundary=b", "application/xml",
					"application/json; charset=ISO-8859-1", "a/b/c", "")) {
				add("phone number, Content-Type '" + type + "'", "POST", path,
						headers(token[0], token[1], "Content-Type", type), "{}".getBytes(StandardCharsets.US_ASCII));
			}
		}

		// -- WeChat's pushes: signed with the dev push token now, each body refused (one taken would be recorded) --

		void weChatPushes() {
			String path = "/wechat/events/mini-program";
			String now = Long.toString(Instant.now().getEpochSecond());
			String nonce = "13579";
			String signature = sha1Sorted("wxauth-dev-push-token", now, nonce);
			String blocks = Base64.getEncoder().encodeToString(new byte[64]);
			List<String> ciphertexts = List.of("", "%%%", "AAAA", Base64.getEncoder().encodeToString(new byte[17]), blocks,
					blocks.replace('A', 'B'), "A".repeat(100_000), "\u00ff\u00fe");
			for (String ciphertext : ciphertexts) {
				String shown = ciphertext.substring(0, Math.min(20, ciphertext.length()));
				String query = path + "?signature=" + signature + "&timestamp=" + now + "&nonce=" + nonce
						+ "&encrypt_type=aes&msg_signature=" + sha1Sorted("wxauth-dev-push-token", now, nonce, ciphertext);
				add("WeChat push, XML, Encrypt '" + shown + "'", "POST", query, headers("Content-Type", "text/xml"),
						("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[" + ciphertext
								+ "]]></Encrypt></xml>").getBytes(StandardCharsets.ISO_8859_1));
				add("WeChat push, JSON, Encrypt '" + shown + "'", "POST", query,
						headers("Content-Type", "application/json"),
						("{\"ToUserName\":\"gh_1\",\"Encrypt\":\"" + ciphertext + "\"}").getBytes(StandardCharsets.ISO_8859_1));
			}
			String signedAes = path + "?signature=" + signature + "&timestamp=" + now + "&nonce=" + nonce
					+ "&encrypt_type=aes&msg_signature=" + sha1Sorted("wxauth-dev-push-token", now, nonce, "AAAA");
			List<String> bodies = List.of("", "<xml>", "<xml><Encrypt>AAAA</Encrypt><Encrypt>AAAA</Encrypt></xml>",
					"<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&x;"
							+ "</Encrypt></xml>",
					"<!DOCTYPE xml [" + "<!ENTITY a \"aaaaaaaaaa\">".repeat(50) + "]><xml/>", "<xml>" + "<a>".repeat(5_000),
					"{", "[]", "null", "[".repeat(5_000), "{\"a\":".repeat(3_000), "{\"Encrypt\":\"AAAA\",\" Encrypt\":\"AAAA\"}",
					"{\"Encrypt\":[\"AAAA\"]}", "\u00ff\u00fe<xml/>", " ".repeat(70_000), "success");
			for (String body : bodies) {
				String shown = body.substring(0, Math.min(30, body.length()));
				add("WeChat push, body '" + shown + "'", "POST", signedAes, headers("Content-Type", "text/xml"),
						body.getBytes(StandardCharsets.ISO_8859_1));
			}
			// plaintext to an app with an EncodingAESKey, and a signed URL check with odd echostr
			add("WeChat push, plaintext to an encrypted app", "POST",
					path + "?signature=" + signature + "&timestamp=" + now + "&nonce=" + nonce,
					headers("Content-Type", "text/xml"), ("<xml><MsgType>event</MsgType><Event>user_authorization_revoke"
							+ "</Event><OpenID>o1</OpenID></xml>").getBytes(StandardCharsets.ISO_8859_1));
			for (String echostr : List.of("", "%00", "a%20b", "x".repeat(200), "%E4%BD%A0")) {
				add("WeChat push URL check, echostr '" + echostr + "'", "GET", path + "?signature=" + signature
						+ "&timestamp=" + now + "&nonce=" + nonce + "&echostr=" + echostr, List.of(), null);
			}
		}

		static String sha1Sorted(String... parts) {
			String[] sorted = parts.clone();
			Arrays.sort(sorted);
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-1").digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		// -- the profile API's multipart bodies, each refused (a nickname or an avatar it would take writes) --

		void profileBodies() {
			String path = "/wechat/mini-program/profile";
			// bodies as bytes, one char each (ISO-8859-1): U+202E is written as its UTF-8 bytes
			String refusedNickname = part("nickname", "", "Ali\u0000ce") + "--b--";
			List<String> bodies = List.of("", "--b--", "garbage", "--b", "--b\r\n", "--b\r\n\r\n\r\n--b--", "--b--\r\n--b",
					part("nickname", "", "") + "--b--", refusedNickname, part("nickname", "", "a\u00e2\u0080\u00aeb") + "--b--",
					part("nickname", "", "x".repeat(5_000)) + "--b--", part("nickname", "", "\u00ff\u00fe") + "--b--",
					part("nickname", "", "a\r\n--b") + "--b--", part("nickName", "", "Alice") + "--b--",
					part("nickname", "", "Alice") + part("nickname", "", "Bob") + "--b--",
					part("avatar", "; filename=\"a.png\"", "<svg onload=alert(1)>") + "--b--",
					part("avatar", "; filename=\"a.png\"", "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR") + "--b--",
					part("avatar", "; filename=\"a.webp\"", "RIFF\u00ff\u00ff\u00ff\u00ffWEBPVP8X") + "--b--",
					part("avatar", "; filename=\"a.jpg\"", "\u00ff\u00d8\u00ff\u00c0\u00ff\u00ff") + "--b--",
					part("avatar", "; filename=\"a.jpg\"", "\u00ff\u00d8" + "\u00ff".repeat(5_000)) + "--b--",
					part("nickname", "", "Alice") + part("avatar", "", "GIF89a") + "--b--",
					"--b\r\nContent-Disposition: form-data; name=\"nickname\r\n\r\nAlice\r\n--b--",
					"--b\r\nContent-Disposition: form-data\r\n\r\nAlice\r\n--b--",
					"--b\nContent-Disposition: form-data; name=\"nickname\"\n\nAlice\n--b--",
					"--b\r\nContent-Disposition: form-data; name=\"nickname\"\r\n\r\nAlice",
					part("x", "", "y").repeat(20) + "--b--", "--b\r\nX: " + "h".repeat(5_000) + "\r\n\r\nA\r\n--b--");
			String[] token = bearer(this.credentials.miniProgramAccessToken());
			String[] service = bearer(this.credentials.serviceAccessToken());
			for (String body : bodies) {
				byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
				String shown = body.substring(0, Math.min(30, body.length()));
				add("profile, body '" + shown + "'", "POST", path,
						headers(token[0], token[1], "Content-Type", "multipart/form-data; boundary=b"), bytes);
				add("profile, browser, body '" + shown + "'", "POST", path, headers(token[0], token[1], "Content-Type",
						"multipart/form-data; boundary=b", "Accept", HTML), bytes);
			}
			add("profile, a service's token", "POST", path,
					headers(service[0], service[1], "Content-Type", "multipart/form-data; boundary=b"),
					(part("nickname", "", "Alice") + "--b--").getBytes(StandardCharsets.UTF_8));
			for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=",
					"multipart/form-data; boundary=\"\"", "multipart/form-data; boundary=\"b", "multipart/mixed; boundary=b",
					"multipart/form-data; boundary=b; boundary=c", "multipart/form-data; boundary=" + "b".repeat(100),
					"multipart/form-data; boundary=b\u00ff", "text/plain", FORM, "application/json", "a/b/c", ";;", "")) {
				add("profile, Content-Type '" + type + "'", "POST", path, headers(token[0], token[1], "Content-Type", type),
						refusedNickname.getBytes(StandardCharsets.ISO_8859_1));
			}
		}

		static String part(String name, String parameters, String content) {
			return "--b\r\nContent-Disposition: form-data; name=\"" + name + "\"" + parameters + "\r\n\r\n" + content + "\r\n";
		}

		// -- the admin API: bodies, parameters and ids it must refuse, with an admin's token (never a change it
		// would accept: a refused request writes nothing) --

		void adminApi() {
			String[] admin = bearer(this.credentials.adminAccessToken());
			List<String> bodies = List.of("", "{", "[]", "null", "\"text\"", "1", "{\"grant_types\":\"x\"}",
					"{\"grant_types\":[1]}", "{\"grant_types\":[]}", "{\"scope\":7}", "{\"client_id\":\"%00\"}",
					"{\"client_id\":\"a\u0000b\"}", "{\"redirect_uris\":[\"" + "h".repeat(5_000) + "\"]}",
					"{\"redirect_uris\":[\"javascript:alert(1)\"]}", "{\"access_token_lifetime\":1e99}",
					"{\"access_token_lifetime\":-1}", "{\"disabled\":\"yes\"}", "{\"unknown\":true}",
					"{\"client_secret\":\"mine\"}", "[".repeat(5_000), "{\"a\":".repeat(3_000), "\u00ff\u00fe",
					"{\"client_name\":\"\\ud800\"}", "<xml/>", "grant_types=client_credentials",
					"{\"scope\":\"" + "s ".repeat(3_000) + "\"}", "{\"previous_secret_valid_for\":\"1h\"}",
					"{\"previous_secret_valid_for\":99999999999999999999}");
			for (String body : bodies) {
				byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
				String shown = body.substring(0, Math.min(30, body.length()));
				List<String[]> json = headers(admin[0], admin[1], "Content-Type", "application/json");
				add("admin, new client, body '" + shown + "'", "POST", "/admin/v1/clients", json, bytes);
				add("admin, replace, body '" + shown + "'", "PUT", "/admin/v1/clients/demo-service", json, bytes);
				add("admin, merge patch, body '" + shown + "'", "PATCH", "/admin/v1/clients/demo-service",
						headers(admin[0], admin[1], "Content-Type", "application/merge-patch+json"), bytes);
				add("admin, secret of no client, body '" + shown + "'", "POST", "/admin/v1/clients/no-such-client/secret",
						json, bytes);
				add("admin, new WeChat app, body '" + shown + "'", "POST", "/admin/v1/wechat-apps", json, bytes);
				add("admin, WeChat app of the environment, body '" + shown + "'", "PATCH",
						"/admin/v1/wechat-apps/website",
						headers(admin[0], admin[1], "Content-Type", "application/merge-patch+json"), bytes);
				add("admin, AppSecret of no app, body '" + shown + "'", "POST", "/admin/v1/wechat-apps/no-such-app/secret",
						json, bytes);
			}
			for (String type : List.of("text/plain", FORM, "multipart/form-data; boundary=b", "application/xml", "",
					"a/b/c")) {
				add("admin, Content-Type '" + type + "'", "POST", "/admin/v1/clients",
						headers(admin[0], admin[1], "Content-Type", type), "{}".getBytes(StandardCharsets.US_ASCII));
			}
			List<String> queries = List.of("limit=0", "limit=-1", "limit=201", "limit=x", "limit=1e3", "limit=%00",
					"cursor=", "cursor=%%", "cursor=MToA", "cursor=" + "A".repeat(5_000), "cursor=bm90LWEtY3Vyc29y",
					"limit=1&limit=2", "grant_type=%FF", "wechat_app=%00", "resource_id=a%00b", "openid=x",
					"appid=x", "phone_number=%0D%0A", "unionid=" + "u".repeat(3_000), "unionid=a%00b",
					"appid=a%00&openid=b%00", "action=%07", "wechat_app=%1B", "kind=%00", "kind=MINI_PROGRAM",
					"user_id=%00", "outcome=%1B", "flow=%FF", "since=" + "9".repeat(3_000), "until=2026-13-45T99:99:99Z");
			for (String list : List.of("/admin/v1/clients", "/admin/v1/audit-events", "/admin/v1/users",
					"/admin/v1/keys", "/admin/v1/wechat-apps", "/admin/v1/initial-access-tokens",
					"/admin/v1/login-events")) {
				for (String query : sample(queries, 6)) {
					add("admin, list " + list + "?" + query, "GET", list + "?" + query, headers(admin[0], admin[1]),
							null);
				}
			}
			List<String> ids = List.of("%00", "a%00b", "%FF", "..", "%2e%2e", "x".repeat(3_000), "%20", "not-a-uuid",
					"00000000-0000-0000-0000-000000000000", "%7B%7D");
			for (String id : ids) {
				add("admin, client '" + id + "'", "GET", "/admin/v1/clients/" + id, headers(admin[0], admin[1]), null);
				add("admin, delete client '" + id + "'", "DELETE", "/admin/v1/clients/" + id,
						headers(admin[0], admin[1]), null);
				add("admin, user '" + id + "'", "GET", "/admin/v1/users/" + id, headers(admin[0], admin[1]), null);
				add("admin, disable user '" + id + "'", "POST", "/admin/v1/users/" + id + "/disable",
						headers(admin[0], admin[1]), null);
				add("admin, delete user '" + id + "'", "DELETE", "/admin/v1/users/" + id, headers(admin[0], admin[1]),
						null);
				add("admin, unlink '" + id + "'", "DELETE", "/admin/v1/users/" + id + "/identities/" + id + "/" + id,
						headers(admin[0], admin[1]), null);
				add("admin, key '" + id + "'", "GET", "/admin/v1/keys/" + id, headers(admin[0], admin[1]), null);
				add("admin, WeChat app '" + id + "'", "GET", "/admin/v1/wechat-apps/" + id, headers(admin[0], admin[1]),
						null);
				add("admin, check WeChat app '" + id + "'", "POST", "/admin/v1/wechat-apps/" + id + "/check",
						headers(admin[0], admin[1]), null);
				add("admin, delete WeChat app '" + id + "'", "DELETE", "/admin/v1/wechat-apps/" + id,
						headers(admin[0], admin[1]), null);
				add("admin, retire key '" + id + "'", "POST", "/admin/v1/keys/" + id + "/retire",
						headers(admin[0], admin[1]), null);
			}
			for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
				add("admin, " + method + " on a list", method, "/admin/v1/audit-events", headers(admin[0], admin[1]),
						null);
			}
			String[] service = bearer(this.credentials.serviceAccessToken());
			add("admin, a service's token", "POST", "/admin/v1/keys/rotate", headers(service[0], service[1]), null);
			add("admin, a person's token", "DELETE", "/admin/v1/clients/demo-service",
					headers("Authorization", "Bearer " + this.credentials.miniProgramAccessToken()), null);
		}

		// -- dynamic client registration: with a live initial access token, only bodies it must refuse (a refused
		// registration spends no use); RFC 7592 with the registered client's token, only for other clients or with
		// bodies it must refuse --

		void dynamicRegistration() {
			String register = "/connect/register";
			String[] initial = bearer(this.credentials.initialAccessToken());
			String[] registration = bearer(this.credentials.registrationAccessToken());
			String own = register + "?client_id=" + this.credentials.registeredClientId();
			byte[] valid = "{\"redirect_uris\":[\"https://a.example/cb\"]}".getBytes(StandardCharsets.US_ASCII);
			List<String> bodies = List.of("", "{", "{}", "[]", "null", "\"text\"", "1", "{\"redirect_uris\":\"x\"}",
					"{\"redirect_uris\":[1]}", "{\"redirect_uris\":[\"http://evil.example/\"]}",
					"{\"redirect_uris\":[\"javascript:alert(1)\"]}", "{\"redirect_uris\":[\"" + "h".repeat(5_000) + "\"]}",
					"{\"grant_types\":[\"client_credentials\"],\"scope\":\"api\"}",
					"{\"redirect_uris\":[\"https://a.example/cb\"],\"scope\":\"wxauth.admin\"}",
					"{\"redirect_uris\":[\"https://a.example/cb\"],\"client_id\":\"mine\"}",
					"{\"redirect_uris\":[\"https://a.example/cb\"],\"login_policy\":7}",
					"{\"redirect_uris\":[\"https://a.example/cb\"],\"client_name\":\"\\ud800\"}",
					"{\"redirect_uris\":[\"https://a.example/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\"}",
					"{\"redirect_uris\":[\"https://a.example/cb\"],\"response_types\":[\"token\"]}",
					"[".repeat(5_000), "{\"a\":".repeat(3_000), "\u00ff\u00fe", "<xml/>",
					"redirect_uris=https://a.example/cb", "{\"scope\":\"" + "s ".repeat(3_000) + "\"}",
					"{\"client_name\":\"" + "n".repeat(300_000) + "\"}");
			for (String body : bodies) {
				byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
				String shown = body.substring(0, Math.min(30, body.length()));
				add("register, body '" + shown + "'", "POST", register,
						headers(initial[0], initial[1], "Content-Type", "application/json"), bytes);
				add("RFC 7592 replace, body '" + shown + "'", "PUT", own,
						headers(registration[0], registration[1], "Content-Type", "application/json"), bytes);
			}
			for (String type : List.of("text/plain", FORM, "multipart/form-data; boundary=b", "application/xml", "",
					"a/b/c", "application/jsonx")) {
				add("register, Content-Type '" + type + "'", "POST", register,
						headers(initial[0], initial[1], "Content-Type", type), valid);
			}
			List<List<String[]>> tokens = List.of(List.of(), headers("Authorization", "Bearer"),
					headers("Authorization", "Bearer not-a-token"), headers("Authorization", "Bearer a b"),
					headers("Authorization", "Bearer %00"), headers("Authorization", "Bearer " + "t".repeat(5_000)),
					headers("Authorization", "Basic " + b64("demo-service:demo-service-secret")),
					headers("Authorization", "bearer"), headers(bearer(this.credentials.adminAccessToken())),
					headers(initial[0], initial[1], initial[0], "Bearer another"),
					headers(registration[0], registration[1], registration[0], "Bearer another"));
			for (List<String[]> token : tokens) {
				List<String[]> json = new ArrayList<>(token);
				json.add(new String[] { "Content-Type", "application/json" });
				String shown = token.isEmpty() ? "none" : Probe.abbreviated(token.get(token.size() - 1)[1]);
				add("register, token '" + shown + "'", "POST", register, json, valid);
				add("RFC 7592 read, token '" + shown + "'", "GET", own, token, null);
				add("RFC 7592 delete, token '" + shown + "'", "DELETE", own, token, null);
			}
			add("register, the registration access token", "POST", register,
					headers(registration[0], registration[1], "Content-Type", "application/json"), valid);
			List<String> clientIds = List.of("", "client_id", "client_id=", "client_id=%00", "client_id=%FF",
					"client_id=demo-web", "client_id=" + "c".repeat(3_000), "client_id=x&client_id=y",
					"client_id=" + this.credentials.registeredClientId() + "&client_id=" + this.credentials.registeredClientId(),
					"client_id=00000000-0000-0000-0000-000000000000", "client_id=%2e%2e");
			for (String query : clientIds) {
				String target = query.isEmpty() ? register : register + "?" + query;
				add("RFC 7592 read of '" + query + "'", "GET", target, headers(registration[0], registration[1]), null);
				add("RFC 7592 replace of '" + query + "'", "PUT", target,
						headers(registration[0], registration[1], "Content-Type", "application/json"), valid);
				add("RFC 7592 delete of '" + query + "'", "DELETE", target, headers(registration[0], registration[1]),
						null);
			}
			String[] admin = bearer(this.credentials.adminAccessToken());
			for (String body : List.of("{", "[]", "\"x\"", "{\"uses\":0}", "{\"uses\":1001}", "{\"uses\":\"1\"}",
					"{\"uses\":1.5}", "{\"expires_in\":59}", "{\"expires_in\":1e99}", "{\"expires_in\":-1}",
					"{\"expires_in\":99999999999999999999}", "{\"other\":1}")) {
				add("admin, initial access token, body '" + body + "'", "POST", "/admin/v1/initial-access-tokens",
						headers(admin[0], admin[1], "Content-Type", "application/json"),
						body.getBytes(StandardCharsets.US_ASCII));
			}
			for (String id : List.of("%00", "a", "-1", "0", "99999999999999999999", "1e3", "%20", "x".repeat(3_000))) {
				add("admin, initial access token '" + Probe.abbreviated(id) + "'", "GET",
						"/admin/v1/initial-access-tokens/" + id, headers(admin[0], admin[1]), null);
				add("admin, revoke initial access token '" + Probe.abbreviated(id) + "'", "DELETE",
						"/admin/v1/initial-access-tokens/" + id, headers(admin[0], admin[1]), null);
			}
		}

		// -- paths no client asks for, methods no endpoint takes --

		void pathsAndMethods() {
			List<String> paths = List.of("/", "/error", "/favicon.ico", "/nothing-here", "/oauth2", "/oauth2/",
					"/oauth2/token/", "/oauth2/token;jsessionid=x", "/oauth2/authorize;x=y", "/.well-known/",
					"/.well-known/openid-configuration/extra", "/login/oauth2/code/", "/login/oauth2/code/%00",
					"/oauth2/authorization/no-such-app", "/login/oauth2/code/no-such-app",
					"/login/oauth2/code/" + "w".repeat(3_000), "/oauth2/authorization/", "/oauth2/authorization/%2e%2e",
					"/wechat/", "/wechat/mini-program/", "/wechat/mini-program/phone-number/x", "/%2e%2e/%2e%2e/etc/passwd",
					"/oauth2/%2e%2e/userinfo", "//oauth2//token", "/OAUTH2/TOKEN", "/oauth2/token%00", "/%FF",
					"/%C3%28", "/%zz", "/logout/x", "/login.html", "/connect/logout/x", "/connect/register",
					"/connect/register/x");
			for (String path : paths) {
				for (String method : sample(List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"), 3)) {
					boolean body = method.equals("POST") || method.equals("PUT");
					add(method + " " + Probe.abbreviated(path), method, path,
							body ? headers("Content-Type", FORM)
									: (method.equals("GET") && this.random.nextBoolean()) ? headers("Accept", HTML)
											: List.of(),
							body ? "a=%zz".getBytes(StandardCharsets.US_ASCII) : null);
				}
			}
		}

		// -- request lines and headers that break HTTP itself --

		void brokenRequests() {
			List<String> lines = List.of("GET /oauth2/authorize?code=SECRET&x={bad} HTTP/1.1",
					"GET /oauth2/token?client_secret=SECRET|x HTTP/1.1", "GET /x\u0001 HTTP/1.1", "GET  / HTTP/1.1",
					"GET /", "GET / HTTP/9.9", "get / HTTP/1.1", "G\u00c9T / HTTP/1.1", "GET / HTTP/1.1 extra",
					"GET http://evil.example/ HTTP/1.1", "GET * HTTP/1.1", "OPTIONS * HTTP/1.1", "FOO / HTTP/1.1",
					"GET /" + "a".repeat(10_000) + " HTTP/1.1", "CONNECT localhost:1 HTTP/1.1", "PRI * HTTP/2.0",
					"GET /?" + "q=1&".repeat(1_200) + " HTTP/1.1", "\u0000\u0001\u0002", "GET /login?a=%zz HTTP/1.0",
					"POST /oauth2/token HTTP/1.1");
			for (String line : lines) {
				// RFC 9110 §15.6.6: 505 for a major version the server does not support; §15.6.2: 501 for a method
				// it does not support (CONNECT: we are no proxy)
				raw("request line " + line.substring(0, Math.min(40, line.length())),
						line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n",
						line.endsWith("HTTP/9.9") ? Set.of(505) : line.startsWith("CONNECT") ? Set.of(501) : Set.of());
			}
			List<String> headerBlocks = List.of("NoColon\r\n", "Bad Header: x\r\n", "X-A: \u0001\r\n",
					"X-Folded: a\r\n b\r\n", "X-Big: " + "h".repeat(10_000) + "\r\n", "Host: other\r\n",
					"Content-Length: 5\r\nContent-Length: 6\r\n", "Content-Length: -1\r\n", "Content-Length: abc\r\n",
					"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", "Transfer-Encoding: gzip, chunked\r\n",
					"Transfer-Encoding: nonsense\r\n", "Expect: 100-continue\r\nContent-Length: 1\r\n",
					"Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAA\r\n",
					"Cookie: " + "c=".repeat(3_000) + "\r\n", ": empty-name\r\n", "X-\u00e9: x\r\n");
			for (String path : List.of("/oauth2/token", "/oauth2/authorize?response_type=code", "/userinfo",
					"/wechat/mini-program/phone-number")) {
				for (String headers : headerBlocks) {
					// RFC 9112 §6.1: 501 for a transfer coding the server does not understand
					raw("header " + headers.substring(0, Math.min(30, headers.length())) + " at " + path,
							"POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers
									+ "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\nab",
							headers.startsWith("Transfer-Encoding: gzip") || headers.startsWith("Transfer-Encoding: nonsense")
									? Set.of(501) : Set.of());
				}
				raw("no Host at " + path, "GET " + path + " HTTP/1.1\r\nConnection: close\r\n\r\n");
				raw("chunked garbage at " + path, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
						+ "Transfer-Encoding: chunked\r\nContent-Type: " + FORM + "\r\nConnection: close\r\n\r\nzz\r\nx\r\n");
				raw("a body longer than announced at " + path, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
						+ "Content-Length: 2\r\nContent-Type: " + FORM + "\r\nConnection: close\r\n\r\ncode=a&code=b");
				raw("a body shorter than announced at " + path, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
						+ "Content-Length: 100\r\nContent-Type: " + FORM + "\r\nConnection: close\r\n\r\ncode=a");
			}
		}

		// -- building requests --

		void add(Base base, String defect, List<String[]> parameters, List<String[]> extraHeaders) {
			List<String[]> headers = new ArrayList<>(base.headers());
			headers.addAll(extraHeaders);
			if (base.method().equals("POST")) {
				headers = with(headers, "Content-Type", FORM);
			}
			add(base.name() + ", " + defect, base.method(), target(base, parameters), headers, body(base, parameters));
		}

		/** A request; a {@code Content-Type} header with an empty value is left out. */
		void add(String what, String method, String target, List<String[]> headers, byte[] body) {
			List<String[]> all = new ArrayList<>(headers);
			all.removeIf((h) -> h[0].equalsIgnoreCase("Content-Type") && h[1].isEmpty());
			this.probes.add(new Probe(this.probes.size(), what, method, target, all, body, null, Set.of()));
		}

		void raw(String what, String request) {
			raw(what, request, Set.of());
		}

		/** @param specified statuses of 500 and more that HTTP itself prescribes for this request */
		void raw(String what, String request, Set<Integer> specified) {
			this.probes.add(new Probe(this.probes.size(), what, "", "", List.of(), null,
					request.getBytes(StandardCharsets.ISO_8859_1), specified));
		}

		String target(Base base, List<String[]> parameters) {
			return base.method().equals("GET") && !parameters.isEmpty() ? base.path() + "?" + wire(parameters)
					: base.path();
		}

		byte[] body(Base base, List<String[]> parameters) {
			return base.method().equals("GET") ? null : wire(parameters).getBytes(StandardCharsets.ISO_8859_1);
		}

		List<List<String[]>> headerNoise() {
			return List.of(List.of(), headers("Accept", "application/json"), headers("Accept", "*/*"),
					headers("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8"), headers("Accept", "text/html;q=abc"),
					headers("Accept-Language", "x".repeat(300)), headers("User-Agent", "MicroMessenger"),
					headers("X-Forwarded-For", "1.2.3.4, evil"), headers("Origin", "https://evil.example"));
		}

		<T> T pick(List<T> choices) {
			return choices.get(this.random.nextInt(choices.size()));
		}

		/** {@code count} of {@code choices}, chosen by the seed. */
		<T> List<T> sample(List<T> choices, int count) {
			List<T> shuffled = new ArrayList<>(choices);
			Collections.shuffle(shuffled, this.random);
			return shuffled.subList(0, Math.min(count, shuffled.size()));
		}

		// -- parameters on the wire --

		/** Parameters as pairs of wire text: {@code null} as the value writes the name alone. */
		static String wire(List<String[]> parameters) {
			return parameters.stream()
				.map((p) -> (p[1] != null) ? p[0] + "=" + p[1] : p[0])
				.collect(Collectors.joining("&"));
		}

		/** A parameter encoded as a client would. */
		static String[] pair(String name, String value) {
			return new String[] { enc(name), enc(value) };
		}

		static List<String[]> pairs(String... namesAndValues) {
			List<String[]> pairs = new ArrayList<>();
			for (int i = 0; i < namesAndValues.length; i += 2) {
				pairs.add(pair(namesAndValues[i], namesAndValues[i + 1]));
			}
			return pairs;
		}

		static List<String[]> insert(List<String[]> parameters, int at, String[] parameter) {
			List<String[]> changed = new ArrayList<>(parameters);
			changed.add(at, parameter);
			return changed;
		}

		static List<String[]> replace(List<String[]> parameters, int at, String[] parameter) {
			List<String[]> changed = new ArrayList<>(parameters);
			changed.set(at, parameter);
			return changed;
		}

		static List<String[]> remove(List<String[]> parameters, int at) {
			List<String[]> changed = new ArrayList<>(parameters);
			changed.remove(at);
			return changed;
		}

		static List<String[]> append(List<String[]> parameters, String[] parameter) {
			return insert(parameters, parameters.size(), parameter);
		}

		static List<String[]> headers(String... namesAndValues) {
			List<String[]> headers = new ArrayList<>();
			for (int i = 0; i < namesAndValues.length; i += 2) {
				headers.add(new String[] { namesAndValues[i], namesAndValues[i + 1] });
			}
			return headers;
		}

		static List<String[]> with(List<String[]> headers, String name, String value) {
			List<String[]> changed = new ArrayList<>(headers);
			changed.removeIf((h) -> h[0].equalsIgnoreCase(name));
			changed.add(new String[] { name, value });
			return changed;
		}

		static List<String[]> withoutCookie(List<String[]> headers) {
			List<String[]> changed = new ArrayList<>(headers);
			changed.removeIf((h) -> h[0].equalsIgnoreCase("Cookie"));
			return changed;
		}

		static String[] basic(String clientId, String secret) {
			return Http.basic(clientId, secret);
		}

		static String[] bearer(String token) {
			return Http.bearer(token);
		}

		static String b64(String text) {
			return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
		}

		static String enc(String text) {
			return URLEncoder.encode(text, StandardCharsets.UTF_8);
		}

		/** The text with one character changed, in the middle. */
		static String flip(String text) {
			int at = text.length() / 2;
			return text.substring(0, at) + ((text.charAt(at) == 'A') ? 'B' : 'A') + text.substring(at + 1);
		}

	}

}
