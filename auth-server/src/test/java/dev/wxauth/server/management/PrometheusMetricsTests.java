package dev.wxauth.server.management;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import dev.wxauth.emulator.Fault;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.PrometheusScrape;
import dev.wxauth.server.testing.ReadmeMetrics;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * wxauth's metrics as Prometheus scrapes them from the management port, parsed, and how far each moves across one
 * thing done over the real HTTP surface: a login that succeeds (a new person, then the same one again), one refused
 * as a snapshot user, one failing on WeChat's busy errcode, a mini-program login, a phone-number binding, and what
 * happens to the tokens afterwards.
 */
@AuthServerTest
class PrometheusMetricsTests {

	static final String MINI_PROGRAM_GRANT = WeChatGrantTypes.MINI_PROGRAM.getValue();

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Value("${local.management.port}")
	int managementPort;

	Http management;

	@BeforeEach
	void management() {
		this.management = new Http("http://localhost:" + this.managementPort);
	}

	PrometheusScrape scrape() {
		Http.Response scraped = this.management.get("/actuator/prometheus");
		assertThat(scraped.status()).as(scraped.toString()).isEqualTo(200);
		return PrometheusScrape.parse(scraped.body());
	}

	static String newPerson() {
		return "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
	}

	@Test
	void webLoginWhenItSucceedsThenLoginWeChatCallTokensSignaturesAndSessionCounted() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String person = newPerson();
		PrometheusScrape before = scrape();

		this.fixture.signIn(client, this.fixture.person(person, Browser.DESKTOP), "openid");
		PrometheusScrape first = scrape();
		this.fixture.signIn(client, this.fixture.person(person, Browser.DESKTOP), "openid");
		PrometheusScrape second = scrape().since(first);
		PrometheusScrape moved = first.since(before);

		assertThat(moved.sum("wxauth_logins_total", "flow", "website", "app", "website", "client", client.clientId(),
				"outcome", "success", "user", "new")).isEqualTo(1);
		assertThat(moved.sum("wxauth_logins_total")).isEqualTo(1);
		assertThat(second.sum("wxauth_logins_total", "client", client.clientId(), "outcome", "success", "user",
				"returning")).isEqualTo(1);
		assertThat(second.sum("wxauth_logins_total")).isEqualTo(1);
		assertThat(moved.sum("wxauth_wechat_calls_seconds_count", "api", "sns/oauth2/access_token", "app", "website",
				"outcome", "ok")).isEqualTo(1);
		assertThat(moved.sum("wxauth_wechat_calls_seconds_count", "api", "sns/userinfo", "app", "website",
				"outcome", "ok")).as("a new person's profile is read").isEqualTo(1);
		assertThat(moved.sum("wxauth_wechat_calls_seconds_count")).isEqualTo(2);
		assertThat(moved.sum("wxauth_wechat_calls_seconds_bucket", "api", "sns/oauth2/access_token", "le", "+Inf"))
			.as("a histogram").isEqualTo(1);
		assertThat(moved.sum("wxauth_tokens_issued_total", "grant_type", "authorization_code", "client",
				client.clientId())).isEqualTo(1);
		assertThat(moved.sum("wxauth_token_requests_seconds_count", "grant_type", "authorization_code", "status",
				"200")).isEqualTo(1);
		assertThat(moved.sum("wxauth_signatures_total", "alg", "RS256")).as("the access token and the ID token")
			.isEqualTo(2);
		assertThat(moved.sum("wxauth_sessions_opened_total")).isEqualTo(1);
		assertThat(moved.sum("wxauth_wechat_errcodes_total")).isZero();
	}

	@Test
	void webLoginWhenSnapshotUserThenCountedAsRefusedSnapshotUser() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		PrometheusScrape before = scrape();

		Browser.Visit visit = this.fixture.person("snapshot", Browser.WECHAT)
			.open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "access_denied");
		PrometheusScrape moved = scrape().since(before);
		assertThat(moved.sum("wxauth_logins_total", "flow", "official-account", "app", "official-account", "client",
				client.clientId(), "outcome", "snapshot-user", "user", "none")).isEqualTo(1);
		assertThat(moved.sum("wxauth_logins_total")).isEqualTo(1);
		assertThat(moved.sum("wxauth_tokens_issued_total")).isZero();
		assertThat(moved.sum("wxauth_sessions_opened_total")).isZero();
	}

	@Test
	void webLoginWhenThePersonDeclinesThenDenied() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		PrometheusScrape before = scrape();

		Browser.Visit visit = this.fixture.person("deny", Browser.DESKTOP)
			.open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "access_denied");
		PrometheusScrape moved = scrape().since(before);
		assertThat(moved.sum("wxauth_logins_total", "flow", "website", "client", client.clientId(), "outcome",
				"denied")).isEqualTo(1);
		assertThat(moved.sum("wxauth_logins_total")).isEqualTo(1);
	}

	@Test
	void webLoginWhenWeChatBusyTwiceThenUpstreamBusyErrcodeTwiceAndOneRetry() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		this.fixture.wechat().injectFault("/sns/oauth2/access_token", Fault.BUSY, 2);
		PrometheusScrape before = scrape();

		Browser.Visit visit = this.fixture.person(newPerson(), Browser.DESKTOP)
			.open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "temporarily_unavailable");
		PrometheusScrape moved = scrape().since(before);
		assertThat(moved.sum("wxauth_logins_total", "flow", "website", "client", client.clientId(), "outcome",
				"upstream-busy")).isEqualTo(1);
		assertThat(moved.sum("wxauth_logins_total")).isEqualTo(1);
		assertThat(moved.sum("wxauth_wechat_errcodes_total", "api", "sns/oauth2/access_token", "app", "website",
				"errcode", "-1")).isEqualTo(2);
		assertThat(moved.sum("wxauth_wechat_errcodes_total")).isEqualTo(2);
		assertThat(moved.sum("wxauth_wechat_retries_total", "api", "sns/oauth2/access_token", "app", "website"))
			.isEqualTo(1);
		assertThat(moved.sum("wxauth_wechat_calls_seconds_count", "api", "sns/oauth2/access_token", "outcome",
				"errcode")).isEqualTo(2);
		assertThat(moved.sum("wxauth_wechat_timeouts_total")).isZero();
	}

	@Test
	void miniProgramLoginAndPhoneBindingWhenTheySucceedThenLoginGrantPhoneCallAndAppTokenCounted() {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		String person = newPerson();
		// the app's token fetched by this binding, not taken from the table
		this.fixture.jdbc().update("DELETE FROM wechat_app_access_tokens WHERE appid = ?", MINI_PROGRAM);
		PrometheusScrape before = scrape();

		Http.Response login = miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, person),
				"openid phone");
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		PrometheusScrape loggedIn = scrape();
		Http.Response bound = this.fixture.http()
			.postJson("/wechat/mini-program/phone-number",
					"{\"code\":\"" + this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, person) + "\"}",
					Http.bearer(login.json().get("access_token").asString()));
		assertThat(bound.status()).as(bound.toString()).isEqualTo(200);
		PrometheusScrape binding = scrape().since(loggedIn);
		PrometheusScrape moved = loggedIn.since(before);

		assertThat(moved.sum("wxauth_logins_total", "flow", "mini-program", "app", "mini-program", "client",
				miniProgram.clientId(), "outcome", "success", "user", "new")).isEqualTo(1);
		assertThat(moved.sum("wxauth_wechat_calls_seconds_count", "api", "sns/jscode2session", "app", "mini-program",
				"outcome", "ok")).isEqualTo(1);
		assertThat(moved.sum("wxauth_tokens_issued_total", "grant_type", MINI_PROGRAM_GRANT, "client",
				miniProgram.clientId())).isEqualTo(1);
		assertThat(moved.sum("wxauth_token_requests_seconds_count", "grant_type", MINI_PROGRAM_GRANT, "status",
				"200")).isEqualTo(1);
		assertThat(binding.sum("wxauth_wechat_phone_number_calls_total", "app", "mini-program", "outcome", "ok"))
			.isEqualTo(1);
		assertThat(binding.sum("wxauth_wechat_phone_number_calls_total")).isEqualTo(1);
		assertThat(binding.sum("wxauth_wechat_app_token_fetches_total", "app", "mini-program", "reason", "expiring"))
			.isEqualTo(1);
		assertThat(binding.sum("wxauth_wechat_calls_seconds_count", "api", "cgi-bin/stable_token", "outcome", "ok"))
			.isEqualTo(1);
		assertThat(binding.sum("wxauth_wechat_calls_seconds_count", "api", "wxa/business/getuserphonenumber",
				"outcome", "ok")).isEqualTo(1);
		assertThat(binding.sum("wxauth_logins_total")).isZero();
	}

	@Test
	void tokensWhenRefreshedReusedIntrospectedAndRevokedThenEachCountedByClient() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		JsonNode tokens = this.fixture.signIn(client, this.fixture.person(newPerson(), Browser.DESKTOP), "openid");
		String refreshToken = tokens.get("refresh_token").asString();
		PrometheusScrape before = scrape();

		Http.Response refreshed = client.refresh(refreshToken);
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		assertThat(client.refresh(refreshToken).status()).as("the rotated-out token again").isEqualTo(400);
		client.introspect(refreshed.json().get("access_token").asString());
		client.introspect("not-a-token");
		assertThat(client.revoke(refreshed.json().get("refresh_token").asString()).status()).isEqualTo(200);

		PrometheusScrape moved = scrape().since(before);
		assertThat(moved.sum("wxauth_tokens_issued_total", "grant_type", "refresh_token", "client",
				client.clientId())).isEqualTo(1);
		assertThat(moved.sum("wxauth_refresh_token_reuses_total", "client", client.clientId())).isEqualTo(1);
		assertThat(moved.sum("wxauth_token_introspections_total", "client", client.clientId(), "active", "true"))
			.isEqualTo(1);
		assertThat(moved.sum("wxauth_token_introspections_total", "client", client.clientId(), "active", "false"))
			.isEqualTo(1);
		assertThat(moved.sum("wxauth_token_revocations_total", "client", client.clientId())).isEqualTo(1);
	}

	@Test
	void authorizationCodeWhenRedeemedTwiceThenOneReplayCounted() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser.Visit visit = this.fixture.person(newPerson(), Browser.DESKTOP)
			.open(client.authorizationUrl("openid"), client::isRedirectUri);
		String code = parameters(visit.last()).get("code");
		assertThat(client.redeem(code).status()).isEqualTo(200);
		PrometheusScrape before = scrape();

		assertThat(client.redeem(code).status()).isEqualTo(400);

		assertThat(scrape().since(before).sum("wxauth_authorization_code_replays_total", "client", client.clientId()))
			.isEqualTo(1);
	}

	@Test
	void gaugesWhenScrapedThenSigningKeyAgeAndPoolUse() {
		PrometheusScrape scraped = scrape();

		assertThat(scraped.sum("wxauth_signing_key_age_seconds")).isGreaterThanOrEqualTo(0);
		assertThat(scraped.sum("wxauth_database_connections", "state", "max")).isPositive();
		assertThat(scraped.labelsOf("wxauth_database_connections")).extracting((labels) -> labels.get("state"))
			.containsExactlyInAnyOrder("active", "idle", "pending", "max");
	}

	@Test
	void everyWxauthMetricWhenScrapedThenListedInReadme() {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, newPerson()));
		this.fixture.signIn(this.fixture.webClient(TestRegisteredClients.webClient()),
				this.fixture.person(newPerson(), Browser.DESKTOP), "openid");
		Map<String, ReadmeMetrics.Type> documented = ReadmeMetrics.documented();

		Set<String> exposed = scrape().names()
			.stream()
			.filter((name) -> name.startsWith("wxauth_"))
			.map((name) -> name.replaceFirst("_(bucket|count|sum|max)$", ""))
			.collect(Collectors.toCollection(TreeSet::new));

		assertThat(exposed).as("the metrics this run exposes").contains("wxauth_logins_total",
				"wxauth_wechat_calls_seconds", "wxauth_token_requests_seconds", "wxauth_database_connections");
		assertThat(documented.keySet()).containsAll(exposed);
	}

	@Test
	void everySeriesWhenScrapedThenNoPersonOrCredentialInItsLabels() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String person = newPerson();
		this.fixture.signIn(client, this.fixture.person(person, Browser.DESKTOP), "openid");

		String scraped = this.management.get("/actuator/prometheus").body();

		assertThat(scraped).doesNotContain(this.fixture.userId(WEBSITE,
				person), this.fixture.wechat().openid(WEBSITE, person));
	}

}
