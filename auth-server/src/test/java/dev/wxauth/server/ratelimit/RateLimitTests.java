package dev.wxauth.server.ratelimit;

import java.util.stream.IntStream;

import dev.wxauth.emulator.Fault;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.test.context.TestPropertySource;

import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.MOBILE_APP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limits over real HTTP, with limits small enough to reach: 429, {@code Retry-After} and the OAuth error (or
 * problem JSON) when refused, and WeChat not asked. Each test sends from its own loopback addresses, as if from its
 * own devices, and uses its own clients; the WeChat apps' limits are shared, so the tests count their calls with them.
 */
@AuthServerTest
@TestPropertySource(properties = { "wxauth.rate-limits.token-requests-per-client=5",
		"wxauth.rate-limits.wechat-code-grants-per-address=3", "wxauth.rate-limits.wechat-code-grants-per-app=4",
		"wxauth.rate-limits.phone-numbers-per-user=2", "wxauth.rate-limits.phone-numbers-per-app=3" })
class RateLimitTests {

	static final String PHONE_NUMBER = "/wechat/mini-program/phone-number";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void tokenWhenAClientAsksMoreThanItsLimitThenTooManyRequestsForItAlone() {
		RegisteredClient busy = this.fixture.register(service());
		RegisteredClient quiet = this.fixture.register(service());

		assertThat(IntStream.range(0, 5).map((i) -> serviceToken(busy).status())).containsOnly(200);
		Http.Response refused = serviceToken(busy);

		assertTooManyRequests(refused, 120);
		assertThat(refused.json().get("error_description").asString()).contains("this client");
		assertThat(serviceToken(quiet).status()).isEqualTo(200);
	}

	@Test
	void wechatCodeGrantWhenAnAddressThenAnAppAskMoreThanTheirLimitsThenTooManyRequestsWithoutAskingWeChat() {
		CodeGrantClient app = this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(),
				WeChatGrantTypes.MOBILE_APP);
		WeChatLoginFixture.Calls exchanges = this.fixture.callsTo("/sns/oauth2/access_token");
		CodeGrantClient onePhone = app.from("127.0.0.2");

		assertThat(IntStream.range(0, 3).map((i) -> appLogin(onePhone).status())).containsOnly(200);
		Http.Response refusedAddress = appLogin(onePhone);
		Http.Response anotherPhone = appLogin(app.from("127.0.0.3"));
		Http.Response refusedApp = appLogin(app.from("127.0.0.4"));

		assertTooManyRequests(refusedAddress, 120);
		assertThat(refusedAddress.json().get("error_description").asString()).contains("this address");
		assertThat(anotherPhone.status()).as(anotherPhone.toString()).isEqualTo(200);
		assertTooManyRequests(refusedApp, 120);
		assertThat(refusedApp.json().get("error_description").asString()).contains("this app");
		assertThat(exchanges.count()).isEqualTo(4);
	}

	@Test
	void phoneNumberWhenAPersonThenTheMiniProgramSpendTheirDayThenTooManyRequestsWithoutAskingWeChat() {
		CodeGrantClient miniProgram = this.fixture
			.codeGrantClient(TestRegisteredClients.miniProgramClient(), WeChatGrantTypes.MINI_PROGRAM)
			.from("127.0.0.5");
		String alice = login(miniProgram, "alice");
		String bob = login(miniProgram, "bob");
		this.fixture.jdbc().update("DELETE FROM daily_quota_uses");
		WeChatLoginFixture.Calls phoneCalls = this.fixture.callsTo("/wxa/business/getuserphonenumber");

		assertThat(bindPhone(alice, "alice").status()).isEqualTo(200);
		assertThat(bindPhone(alice, "alice").status()).isEqualTo(200);
		Http.Response refusedPerson = bindPhone(alice, "alice");
		Http.Response bobs = bindPhone(bob, "bob");
		Http.Response refusedApp = bindPhone(bob, "bob");

		assertTooManyRequests(refusedPerson, 24 * 3600);
		assertThat(refusedPerson.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refusedPerson.json().get("status").asInt()).isEqualTo(429);
		assertThat(bobs.status()).as(bobs.toString()).isEqualTo(200);
		assertTooManyRequests(refusedApp, 24 * 3600);
		assertThat(phoneCalls.count()).isEqualTo(3);
		assertThat(uses("phone-numbers-per-app", MINI_PROGRAM)).isEqualTo(3);
		// refused by the app's quota: nothing taken from bob's
		assertThat(uses("phone-numbers-per-user", this.fixture.userId(MINI_PROGRAM, "bob"))).isEqualTo(1);
	}

	@Test
	void phoneNumberWhenWeChatCouldNotServeItThenTheUseIsGivenBack() {
		CodeGrantClient miniProgram = this.fixture
			.codeGrantClient(TestRegisteredClients.miniProgramClient(), WeChatGrantTypes.MINI_PROGRAM)
			.from("127.0.0.8");
		String alice = login(miniProgram, "alice");
		String sub = this.fixture.userId(MINI_PROGRAM, "alice");
		// the class's other phone-number test may have spent the day
		this.fixture.jdbc().update("DELETE FROM daily_quota_uses");
		int before = uses("phone-numbers-per-user", sub);
		this.fixture.wechat().injectFault("/wxa/business/getuserphonenumber", Fault.RATE_LIMIT, 1);

		Http.Response busy = bindPhone(alice, "alice");

		assertThat(busy.status()).as(busy.toString()).isEqualTo(503);
		assertThat(uses("phone-numbers-per-user", sub)).isEqualTo(before);
	}

	@Test
	void refreshWhenAStrangerFloodsAPublicClientThenOnlyTheirAddressIsRefused() {
		CodeGrantClient app = this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(),
				WeChatGrantTypes.MOBILE_APP);
		CodeGrantClient stranger = app.from("127.0.0.6");

		assertThat(IntStream.range(0, 3).map((i) -> stranger.refresh("made-up").status())).containsOnly(400);
		Http.Response refused = stranger.refresh("made-up");
		Http.Response someoneElse = app.from("127.0.0.7").refresh("made-up");

		assertTooManyRequests(refused, 120);
		assertThat(someoneElse.status()).as(someoneElse.toString()).isEqualTo(400);
		assertThat(someoneElse.json().get("error").asString()).isEqualTo("invalid_grant");
	}

	int uses(String quota, String subject) {
		return this.fixture.jdbc()
			.queryForObject("SELECT coalesce(sum(uses), 0) FROM daily_quota_uses WHERE quota = ? AND subject = ?",
					Integer.class, quota, subject);
	}


	static RegisteredClient.Builder service() {
		return TestRegisteredClients.webClient().authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
	}

	Http.Response serviceToken(RegisteredClient client) {
		return this.fixture.http()
			.postForm("/oauth2/token", Http.form("grant_type", "client_credentials"),
					Http.basic(client.getClientId(), TestRegisteredClients.SECRET));
	}

	Http.Response appLogin(CodeGrantClient app) {
		return app.login(this.fixture.wechat().mintAppCode(MOBILE_APP, "alice"));
	}

	String login(CodeGrantClient miniProgram, String user) {
		Http.Response tokens = miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, user),
				"openid phone");
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		return tokens.json().get("access_token").asString();
	}

	Http.Response bindPhone(String accessToken, String user) {
		return this.fixture.http()
			.postJson(PHONE_NUMBER, "{\"code\":\"" + this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, user) + "\"}",
					Http.bearer(accessToken));
	}

	static void assertTooManyRequests(Http.Response response, long longestWait) {
		assertThat(response.status()).as(response.toString()).isEqualTo(429);
		assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, longestWait);
		assertThat(response.json().get("error").asString()).isEqualTo("temporarily_unavailable");
	}

}
