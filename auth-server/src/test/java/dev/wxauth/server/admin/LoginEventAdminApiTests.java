package dev.wxauth.server.admin;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.wxauth.emulator.Fault;
import dev.wxauth.server.audit.LoginEventLog;
import dev.wxauth.server.audit.LoginOutcome;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.PrometheusScrape;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static dev.wxauth.server.admin.ClientAdminApiTests.assertProblem;
import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.OFFICIAL_ACCOUNT;
import static dev.wxauth.server.testing.WeChatLoginFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login event log over real HTTP: logins through the browser and the mini-program grant, then
 * {@code GET /admin/v1/login-events} with the read scope: what each event says (and never a code, openid or token),
 * its filters, its pages, its refusals; the purge of old events.
 */
@AuthServerTest
class LoginEventAdminApiTests {

	static final String EVENTS = "/admin/v1/login-events";

	static final String APP_ADDRESS = "127.0.0.9";

	static final String APP_USER_AGENT = "shop-mini-program/1.0 (test)";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	/** The server's own log: the tests write what waits rather than wait for it. */
	@Autowired
	LoginEventLog log;

	@Value("${local.management.port}")
	int managementPort;

	AdminApiTestClient admin;

	@BeforeEach
	void admin() {
		this.admin = AdminApiTestClient.as(this.fixture.http(), "wxauth.admin.read");
	}

	static String newPerson() {
		return "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
	}

	Http.Response list(String query) {
		this.log.flush();
		return this.admin.get(EVENTS + "?" + query);
	}

	JsonNode events(String query) {
		Http.Response response = list(query);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json().get("items");
	}

	CodeGrantClient miniProgram() {
		return this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(), WeChatGrantTypes.MINI_PROGRAM)
			.from(APP_ADDRESS);
	}

	Http.Response miniProgramLogin(CodeGrantClient client, String person) {
		return client.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, person), "openid", "User-Agent",
				APP_USER_AGENT);
	}

	/** The code WeChat handed our callback during {@code visit}. */
	String weChatCode(Browser.Visit visit) {
		URI callback = visit.hops().stream().filter(this.fixture::isOurCallback).findFirst().orElseThrow();
		return parameters(callback).get("code");
	}

	@Test
	void webLoginsWhenOneSucceedsAndOneIsRefusedThenBothListedNewestFirstWithoutCodeOpenidOrToken() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String person = newPerson();
		Browser.Visit signedIn = this.fixture.person(person, Browser.DESKTOP)
			.open(client.authorizationUrl("openid"), client::isRedirectUri);
		String code = parameters(signedIn.last()).get("code");
		Http.Response tokens = client.redeem(code);
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		Browser.Visit refused = this.fixture.person("snapshot", Browser.WECHAT)
			.open(client.authorizationUrl("openid"), client::isRedirectUri);
		assertThat(parameters(refused.last())).containsEntry("error", "access_denied");

		Http.Response listed = list("client_id=" + client.clientId());

		assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
		JsonNode items = listed.json().get("items");
		assertThat(items).hasSize(2);
		JsonNode snapshot = items.get(0);
		assertThat(snapshot.get("flow").asString()).isEqualTo("official-account");
		assertThat(snapshot.get("app").asString()).isEqualTo("official-account");
		assertThat(snapshot.get("client_id").asString()).isEqualTo(client.clientId());
		assertThat(snapshot.get("outcome").asString()).isEqualTo("snapshot-user");
		assertThat(snapshot.get("reason").asString()).isNotBlank();
		assertThat(snapshot.get("user_id").isNull()).isTrue();
		assertThat(snapshot.get("new_user").asBoolean()).isFalse();
		assertThat(snapshot.get("user_agent").asString()).isEqualTo(Browser.WECHAT);
		JsonNode success = items.get(1);
		assertThat(success.get("flow").asString()).isEqualTo("website");
		assertThat(success.get("app").asString()).isEqualTo("website");
		assertThat(success.get("outcome").asString()).isEqualTo("success");
		assertThat(success.get("reason").isNull()).isTrue();
		assertThat(success.get("user_id").asString()).isEqualTo(this.fixture.userId(WEBSITE, person));
		assertThat(success.get("new_user").asBoolean()).isTrue();
		assertThat(success.get("ip_address").asString()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
		assertThat(success.get("user_agent").asString()).isEqualTo(Browser.DESKTOP);
		assertThat(success.get("id").asLong()).isLessThan(snapshot.get("id").asLong());
		assertThat(listed.body()).doesNotContain(weChatCode(signedIn), weChatCode(refused), code,
				tokens.json().get("access_token").asString(), tokens.json().get("refresh_token").asString(),
				tokens.json().get("id_token").asString(), this.fixture.wechat().openid(WEBSITE, person),
				this.fixture.wechat().openid(OFFICIAL_ACCOUNT, "snapshot"));
	}

	@Test
	void miniProgramLoginWhenItSucceedsThenListedForThePersonWithTheAppsAddressAndUserAgent() {
		CodeGrantClient client = miniProgram();
		String person = newPerson();
		String code = this.fixture.wechat().mintJsCode(MINI_PROGRAM, person);
		Http.Response login = client.login(code, "openid", "User-Agent", APP_USER_AGENT);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		String userId = this.fixture.userId(MINI_PROGRAM, person);

		Http.Response listed = list("user_id=" + userId);

		JsonNode items = listed.json().get("items");
		assertThat(items).hasSize(1);
		JsonNode event = items.get(0);
		assertThat(event.get("flow").asString()).isEqualTo("mini-program");
		assertThat(event.get("app").asString()).isEqualTo("mini-program");
		assertThat(event.get("client_id").asString()).isEqualTo(client.clientId());
		assertThat(event.get("outcome").asString()).isEqualTo("success");
		assertThat(event.get("user_id").asString()).isEqualTo(userId);
		assertThat(event.get("new_user").asBoolean()).isTrue();
		assertThat(event.get("ip_address").asString()).isEqualTo(APP_ADDRESS);
		assertThat(event.get("user_agent").asString()).isEqualTo(APP_USER_AGENT);
		assertThat(event.get("occurred_at").asString()).endsWith("Z");
		assertThat(listed.body()).doesNotContain(code, login.json().get("access_token").asString(),
				login.json().get("refresh_token").asString(), this.fixture.wechat().openid(MINI_PROGRAM, person));
	}

	@Test
	void filtersAndCursorWhenGivenThenOnlyTheMatchingEventsPageByPage() {
		CodeGrantClient client = miniProgram();
		String alice = newPerson();
		String bob = newPerson();
		assertThat(miniProgramLogin(client, alice).status()).isEqualTo(200);
		assertThat(miniProgramLogin(client, bob).status()).isEqualTo(200);
		assertThat(miniProgramLogin(client, alice).status()).isEqualTo(200);
		this.fixture.wechat().injectFault("/sns/jscode2session", Fault.BUSY, 2);
		assertThat(miniProgramLogin(client, newPerson()).status()).isNotEqualTo(200);
		String only = "client_id=" + client.clientId();

		JsonNode all = events(only);

		assertThat(all).extracting((event) -> event.get("outcome").asString())
			.containsExactly("upstream-busy", "success", "success", "success");
		String aliceId = this.fixture.userId(MINI_PROGRAM, alice);
		assertThat(events(only + "&user_id=" + aliceId)).extracting((event) -> event.get("new_user").asBoolean())
			.containsExactly(false, true);
		assertThat(events("user_id=" + aliceId.toUpperCase())).hasSize(2);
		assertThat(events(only + "&outcome=upstream-busy")).singleElement()
			.satisfies((event) -> assertThat(event.get("reason").asString()).isNotBlank());
		assertThat(events(only + "&outcome=success&flow=mini-program&app=mini-program")).hasSize(3);
		assertThat(events(only + "&flow=website")).isEmpty();
		assertThat(events(only + "&app=website")).isEmpty();
		String third = all.get(1).get("occurred_at").asString();
		assertThat(events(only + "&since=" + third)).hasSize(2);
		assertThat(events(only + "&until=" + third)).hasSize(2);
		assertThat(events(only + "&since=" + third.replace("Z", "%2B00:00") + "&until=" + third)).isEmpty();

		List<String> paged = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = list(only + "&limit=1" + ((cursor != null) ? "&cursor=" + cursor : "")).json();
			page.get("items").forEach((event) -> paged.add(event.get("id").asString()));
			cursor = page.has("next_cursor") ? page.get("next_cursor").asString() : null;
		}
		while (cursor != null && paged.size() < 10);
		assertThat(paged).containsExactlyElementsOf(all.valueStream().map((event) -> event.get("id").asString()).toList());
	}

	@Test
	void listWhenAFilterIsMalformedThenProblem400NamingIt() {
		String[][] refused = { { "user_id=not-a-uuid", "user_id" }, { "user_id=1-1-1-1-1", "user_id" },
				{ "flow=qr", "flow" }, { "outcome=lost", "outcome" }, { "outcome=SUCCESS", "outcome" },
				{ "since=yesterday", "since" }, { "until=2026-01-31", "until" }, { "since=2026-01-31T08:00:00", "since" },
				{ "limit=0", "limit" }, { "limit=201", "limit" }, { "cursor=bm90LWEtY3Vyc29y", "cursor" } };

		for (String[] query : refused) {
			assertProblem(list(query[0]), 400, query[1]);
		}
		assertProblem(list("client_id=a%07b"), 400);
		assertProblem(list("app=%07"), 400);
		assertProblem(this.fixture.http().get(EVENTS), 401);
	}

	@Test
	void openApiWhenServedThenTheEndpointAndEveryOutcomeDescribed() {
		JsonNode document = this.fixture.http().get("/admin/v1/openapi.json").json();

		JsonNode event = document.get("components").get("schemas").get("LoginEvent").get("properties");
		assertThat(event.get("outcome").get("enum").valueStream().map(JsonNode::asString).toList())
			.containsExactlyElementsOf(Arrays.stream(LoginOutcome.values()).map(LoginOutcome::id).toList());
		assertThat(document.get("paths").get(EVENTS).get("get").get("parameters").valueStream()
			.filter((parameter) -> parameter.has("name")).map((parameter) -> parameter.get("name").asString()))
			.containsExactly("user_id", "client_id", "app", "flow", "outcome", "since", "until");
	}

	@Test
	void purgeWhenEventsAreOlderThanTheRetentionThenOnlyThoseDeleted() {
		String client = "purge-" + UUID.randomUUID();
		for (int days : new int[] { 100, 91, 89, 0 }) {
			this.fixture.jdbc()
				.update("INSERT INTO login_events (occurred_at, flow, app, client_id, outcome, reason, new_user)"
						+ " VALUES (?, 'website', 'website', ?, 'server-error', ?, false)",
						Timestamp.from(Instant.now().minus(Duration.ofDays(days))), client, days + " days old");
		}

		int purged = this.log.purge();

		assertThat(purged).isGreaterThanOrEqualTo(2);
		assertThat(events("client_id=" + client)).extracting((event) -> event.get("reason").asString())
			.containsExactly("0 days old", "89 days old");
	}

	@Test
	void droppedEventsWhenScrapedThenCountedUnderTheirPrometheusName() {
		Http.Response scraped = new Http("http://localhost:" + this.managementPort).get("/actuator/prometheus");

		assertThat(PrometheusScrape.parse(scraped.body()).has("wxauth_login_events_dropped_total")).isTrue();
	}

}
