package dev.wxauth.emulator;

import java.net.http.HttpTimeoutException;
import java.io.UncheckedIOException;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.wxauth.emulator.SnsApiTests.assertError;
import static dev.wxauth.emulator.WeChatFlows.MINI_PROGRAM;
import static dev.wxauth.emulator.WeChatFlows.MINI_PROGRAM_SECRET;
import static dev.wxauth.emulator.WeChatFlows.OFFICIAL_ACCOUNT;
import static dev.wxauth.emulator.WeChatFlows.OFFICIAL_ACCOUNT_SECRET;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An emulator configured by command-line arguments: lifetimes short enough to watch codes and tokens expire, a
 * short TIMEOUT fault, and an extra app and user added to the defaults.
 */
class CustomConfigurationTests {

	private static final Duration SHORT = Duration.ofMillis(500);

	private static final Duration PAST_SHORT = SHORT.plusMillis(150);

	private static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofMillis(1500);

	private static final String EXTRA_APP = "wxd0000000000000c1";

	private static WeChatEmulator emulator;

	private static EmulatorHttp http;

	private static WeChatFlows flows;

	@BeforeAll
	static void start() {
		emulator = WeChatEmulator.start("--emulator.lifetimes.qrconnect-code=" + SHORT.toMillis() + "ms",
				"--emulator.lifetimes.js-code=" + SHORT.toMillis() + "ms",
				"--emulator.lifetimes.sns-access-token=" + SHORT.toMillis() + "ms",
				"--emulator.lifetimes.refresh-token=" + REFRESH_TOKEN_LIFETIME.toMillis() + "ms",
				"--emulator.timeout-fault-delay=" + SHORT.toMillis() + "ms",
				"--emulator.apps." + EXTRA_APP + ".kind=WEBSITE", "--emulator.apps." + EXTRA_APP + ".secret=s3cret",
				"--emulator.apps." + EXTRA_APP + ".callback-domains=app.example",
				"--emulator.users.mallory.nickname=<b>Mallory</b> & \"friends\"");
		http = new EmulatorHttp(emulator.baseUrl());
		flows = new WeChatFlows(http);
		// Warm up, so that the first test's timings are not the server's first request.
		flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "alice");
	}

	@AfterAll
	static void stop() {
		if (emulator != null) {
			emulator.close();
		}
	}

	@Test
	void accessTokenWhenCodeExpiredThen42003() throws InterruptedException {
		String code = flows.authorize(WEBSITE, "snsapi_login", "alice");
		Thread.sleep(PAST_SHORT);
		EmulatorHttp.Reply reply = flows.exchange(WEBSITE, WEBSITE_SECRET, code);
		assertError(reply, 42003);
		assertThat(reply.text("errmsg")).startsWith("code expired, rid: ");
	}

	@Test
	void jscode2sessionWhenCodeExpiredThen40029() throws InterruptedException {
		String code = emulator.mintJsCode(MINI_PROGRAM, "alice");
		Thread.sleep(PAST_SHORT);
		assertError(flows.jscode2session(MINI_PROGRAM, MINI_PROGRAM_SECRET, code), 40029);
	}

	@Test
	void userinfoWhenAccessTokenExpiredThen42001() throws InterruptedException {
		JsonNode login = flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "alice").json();
		Thread.sleep(PAST_SHORT);
		assertError(flows.userinfo(login.path("access_token").asString(), login.path("openid").asString()), 42001);
	}

	@Test
	void refreshTokenWhenAccessTokenExpiredThenNewAccessTokenSameRefreshToken() throws InterruptedException {
		JsonNode login = flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "bob").json();
		Thread.sleep(PAST_SHORT);
		JsonNode refreshed = flows.refresh(WEBSITE, login.path("refresh_token").asString()).json();
		String accessToken = refreshed.path("access_token").asString();
		assertThat(accessToken).isNotEmpty().isNotEqualTo(login.path("access_token").asString());
		assertThat(refreshed.path("refresh_token").asString()).isEqualTo(login.path("refresh_token").asString());
		assertThat(flows.userinfo(accessToken, login.path("openid").asString()).text("nickname"))
			.isEqualTo("鲍勃 Bob 🐉");
	}

	@Test
	void refreshTokenWhenRefreshTokenExpiredThen42002() throws InterruptedException {
		String refreshToken = flows.login(WEBSITE, WEBSITE_SECRET, "snsapi_login", "alice").text("refresh_token");
		Thread.sleep(REFRESH_TOKEN_LIFETIME.plusMillis(150));
		assertError(flows.refresh(WEBSITE, refreshToken), 42002);
	}

	@Test
	void injectFaultWhenTimeoutThenImpatientClientTimesOutAndPatientOneGetsNormalAnswer() {
		String path = "/cgi-bin/token?grant_type=client_credential&appid=" + OFFICIAL_ACCOUNT + "&secret="
				+ OFFICIAL_ACCOUNT_SECRET;
		emulator.injectFault("/cgi-bin/token", Fault.TIMEOUT, 2);
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> http.get(path, Duration.ofMillis(100)))
			.withCauseInstanceOf(HttpTimeoutException.class);
		long started = System.nanoTime();
		EmulatorHttp.Reply reply = http.get(path);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(SHORT);
		assertThat(reply.json().path("expires_in").asInt()).isEqualTo(7200);
	}

	@Test
	void authorizeWhenExtraAppConfiguredThenItsCallbackDomainOnlyAndDefaultsStillThere() {
		String query = "?appid=" + EXTRA_APP + "&response_type=code&scope=snsapi_login&state=s&mock_user=alice"
				+ "&redirect_uri=";
		assertThat(http.get("/connect/qrconnect" + query + "https%3A%2F%2Fapp.example%2Fcb").location())
			.startsWith("https://app.example/cb?code=");
		assertThat(http.get("/connect/qrconnect" + query + "http%3A%2F%2Flocalhost%2Fcb").body()).contains("10003");
		assertThat(emulator.unionid(EXTRA_APP, "alice")).isNull();
		assertThat(emulator.unionid(WEBSITE, "alice")).isNotNull();
	}

	@Test
	void authorizePageWhenNicknameHasMarkupThenEscaped() {
		EmulatorHttp.Reply page = http.get("/connect/qrconnect?appid=" + WEBSITE
				+ "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&response_type=code&scope=snsapi_login&state=s");
		assertThat(page.body()).contains("&lt;b&gt;Mallory&lt;/b&gt; &amp; &quot;friends&quot;")
			.doesNotContain("<b>Mallory");
	}

}
