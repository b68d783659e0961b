package dev.wxauth.server.wechat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wxauth.server.logging.CorrelationIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link WeChatApiClient} against a scripted WeChat on a local port: what it sends, how it reads replies, and which
 * {@link WeChatException.Kind} each failure becomes.
 */
class WeChatApiClientTests {

	static final String SECRET = "website-secret-0f1e2d3c4b5a6978";

	static final String CODE = "code-071AbCdEf9gHiJ";

	static final WeChatApp WEBSITE = new WeChatApp("website", AppKind.WEBSITE, "wxd0000000000000a1", SECRET,
			"snsapi_login");

	static final WeChatApp MINI_PROGRAM = new WeChatApp("mini-program", AppKind.MINI_PROGRAM, "wxd0000000000000a3",
			"mini-program-secret-99aa88bb", null);

	static final String TOKEN_REPLY = """
			{"access_token":"ACCESS_TOKEN","expires_in":7200,"refresh_token":"REFRESH_TOKEN","openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","scope":"snsapi_login","unionid":"o6_bmasdasdsad6_2sgVt7hMZOPfL"}
			""";

	static final String BUSY_REPLY = """
			{"errcode":-1,"errmsg":"system error, rid: 6653a1b2-0c1d2e3f"}
			""";

	final JsonMapper json = JsonMapper.builder().build();

	final List<Recorded> requests = new CopyOnWriteArrayList<>();

	final Queue<Reply> replies = new ConcurrentLinkedQueue<>();

	ExecutorService handlers;

	HttpServer server;

	WeChatApiClient client;

	@BeforeEach
	void start() throws IOException {
		this.handlers = Executors.newVirtualThreadPerTaskExecutor();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.handlers);
		this.server.createContext("/", this::answer);
		this.server.start();
		this.client = new WeChatApiClient(baseUrl(), Duration.ofSeconds(5));
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
		this.handlers.shutdownNow();
	}

	URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
					query(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders().getFirst("Content-Type"),
					body, exchange.getRequestHeaders().getFirst("X-Request-Id")));
			Reply reply = this.replies.poll();
			if (reply == null) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			if (!reply.delay().isZero()) {
				Thread.sleep(reply.delay());
			}
			if (reply.contentType() != null) {
				exchange.getResponseHeaders().set("Content-Type", reply.contentType());
			}
			exchange.sendResponseHeaders(reply.status(), (reply.body().length == 0) ? -1 : reply.body().length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(reply.body());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the client gave up (timeout): nobody left to answer
		}
	}

	static Map<String, String> query(String rawQuery) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (rawQuery == null) {
			return parameters;
		}
		for (String pair : rawQuery.split("&")) {
			String[] nameAndValue = pair.split("=", 2);
			// as servers decode a query: '+' is a space
			parameters.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
					URLDecoder.decode((nameAndValue.length == 2) ? nameAndValue[1] : "", StandardCharsets.UTF_8));
		}
		return parameters;
	}

	void script(Reply... replies) {
		this.replies.addAll(List.of(replies));
	}

	static Reply json(String body) {
		return new Reply(200, "application/json; encoding=utf-8", body.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
	}

	static Reply errcode(int errcode) {
		return json("{\"errcode\":" + errcode + ",\"errmsg\":\"error, rid: 6653a1b2\"}");
	}

	JsonNode body(Recorded request) {
		return this.json.readTree(request.body());
	}

	static void assertNeitherSecretNorCode(WeChatException failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		assertThat(failure.getMessage()).doesNotContain(SECRET, CODE);
		assertThat(trace.toString()).as("the messages of its causes").doesNotContain(SECRET, CODE);
	}

	WeChatException exchangeCodeFails() {
		return assertThatExceptionOfType(WeChatException.class)
			.isThrownBy(() -> this.client.exchangeCode(WEBSITE, CODE))
			.actual();
	}

	@Test
	void constructorWhenBaseUrlOrTimeoutMissingThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WeChatApiClient(null, Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new WeChatApiClient(baseUrl(), null));
	}

	@Test
	void callsWhenArgumentsMissingThenRejectedWithoutAskingWeChat() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.exchangeCode(null, CODE));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.exchangeCode(WEBSITE, ""));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.userInfo(WEBSITE, "", "openid"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.userInfo(WEBSITE, "token", null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.jscode2session(MINI_PROGRAM, " "));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.stableToken(null, false));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.userPhoneNumber(MINI_PROGRAM, "", CODE, null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.userPhoneNumber(MINI_PROGRAM, "token", null, null));

		assertThat(this.requests).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "-1, UNAVAILABLE", "45009, UNAVAILABLE", "45011, UNAVAILABLE", "40029, INVALID_GRANT",
			"40163, INVALID_GRANT", "42003, INVALID_GRANT", "40030, INVALID_GRANT", "42002, INVALID_GRANT",
			"40003, INVALID_GRANT", "40226, DENIED", "50001, DENIED", "50002, DENIED" })
	void exchangeCodeWhenListedErrcodeThenItsKind(int errcode, WeChatException.Kind kind) {
		script(errcode(errcode), errcode(errcode));

		WeChatException failure = exchangeCodeFails();

		assertThat(failure.kind()).isEqualTo(kind);
		assertThat(failure.errcode()).isEqualTo(errcode);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void exchangeCodeWhenAppSecretFrozenThenServerErrorAndTheLogSaysWhatToDo(CapturedOutput output) {
		script(errcode(40243));

		WeChatException failure = exchangeCodeFails();

		assertThat(failure.toOAuth2Error().getErrorCode()).isEqualTo("server_error");
		assertThat(output).contains("errcode 40243", "AppSecret is frozen").doesNotContain(SECRET, CODE);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void exchangeCodeWhenCallingIpNotAllowedThenServerErrorAndTheLogSaysWhatToDo(CapturedOutput output) {
		script(errcode(61004), errcode(40164));

		assertThat(exchangeCodeFails().toOAuth2Error().getErrorCode()).isEqualTo("server_error");
		assertThat(exchangeCodeFails().toOAuth2Error().getErrorCode()).isEqualTo("server_error");
		assertThat(output).contains("errcode 61004", "errcode 40164", "IP allow-list");
	}

	@ParameterizedTest
	@ValueSource(ints = { 48001, 61451, 99999 })
	void exchangeCodeWhenUnlistedErrcodeThenMisconfiguredAfterOneCall(int errcode) {
		script(errcode(errcode), json(TOKEN_REPLY));

		WeChatException failure = exchangeCodeFails();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.MISCONFIGURED);
		assertThat(failure.errcode()).isEqualTo(errcode);
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void exchangeCodeWhenBusyTwiceThenUnavailableAfterExactlyTwoCalls() {
		script(json(BUSY_REPLY), json(BUSY_REPLY), json(TOKEN_REPLY));

		WeChatException failure = exchangeCodeFails();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isEqualTo(-1);
		assertThat(this.requests).hasSize(2);
		assertThat(this.requests.get(1)).isEqualTo(this.requests.get(0));
	}

	@Test
	void exchangeCodeWhenRateLimitedThenUnavailableWithoutRetry() {
		script(errcode(45011), json(TOKEN_REPLY));

		WeChatException failure = exchangeCodeFails();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isEqualTo(45011);
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void exchangeCodeWhenHttp500ThenUnavailableWithoutRetry() {
		script(new Reply(500, "text/html", "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8),
				Duration.ZERO), json(TOKEN_REPLY));

		WeChatException failure = exchangeCodeFails();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isZero();
		assertThat(this.requests).hasSize(1);
	}

	@Test
	void exchangeCodeWhenHttp500WithoutBodyThenUnavailable() {
		script(new Reply(500, null, new byte[0], Duration.ZERO));

		WeChatException failure = exchangeCodeFails();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isZero();
	}

	@Test
	void exchangeCodeWhenMalformedJsonThenUnavailable() {
		script(json("{\"access_token\":\"ACCESS_TOKEN\",\"expires_in\":72"));

		WeChatException failure = exchangeCodeFails();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "[" + "{\"openid\":\"o1\",\"access_token\":\"t\"}" + "]", "\"ok\"", "42", "null", "" })
	void exchangeCodeWhenReplyNotAJsonObjectThenUnavailable(String reply) {
		script(json(reply));

		WeChatException failure = exchangeCodeFails();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"access_token\":\"ACCESS_TOKEN\",\"expires_in\":7200}",
			"{\"access_token\":\"ACCESS_TOKEN\",\"openid\":\"\"}", "{\"access_token\":\"ACCESS_TOKEN\",\"openid\":42}",
			"{\"openid\":\"o6_bmjrPTlm6_2sgVt7hMZOPfL2M\"}" })
	void exchangeCodeWhenReplyLacksOpenidOrTokenThenUnavailable(String reply) {
		script(json(reply));

		WeChatException failure = exchangeCodeFails();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isZero();
	}

	@Test
	void exchangeCodeWhenReplySlowerThanTheTimeoutThenUnavailable() {
		WeChatApiClient impatient = new WeChatApiClient(baseUrl(), Duration.ofMillis(300));
		script(new Reply(200, "application/json", TOKEN_REPLY.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1)));

		WeChatException failure = assertThatExceptionOfType(WeChatException.class)
			.isThrownBy(() -> impatient.exchangeCode(WEBSITE, CODE))
			.actual();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isZero();
		assertNeitherSecretNorCode(failure);
	}

	@Test
	void metricsWhenWeChatTimesOutThenTimedOutCallAndTimeoutCounted() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		WeChatApiClient impatient = new WeChatApiClient(baseUrl(), Duration.ofMillis(300),
				new WeChatCallOutcomes(java.time.Clock.systemUTC()), new WeChatMetrics(registry));
		script(new Reply(200, "application/json", TOKEN_REPLY.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1)));

		assertThatExceptionOfType(WeChatException.class).isThrownBy(() -> impatient.exchangeCode(WEBSITE, CODE));

		assertThat(registry.get("wxauth.wechat.timeouts").tags("api", "sns/oauth2/access_token", "app", "website")
			.counter()
			.count()).isEqualTo(1);
		assertThat(registry.get("wxauth.wechat.calls").tags("outcome", "timeout").timer().count()).isEqualTo(1);
		assertThat(registry.find("wxauth.wechat.errcodes").counters()).isEmpty();
	}

	@Test
	void metricsWhenErrcodesThenKnownOnesByNumberOthersAsOneAndBusyRetryCounted() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		WeChatApiClient counted = new WeChatApiClient(baseUrl(), Duration.ofSeconds(5),
				new WeChatCallOutcomes(java.time.Clock.systemUTC()), new WeChatMetrics(registry));
		script(errcode(-1), errcode(40029), errcode(61451));

		assertThatExceptionOfType(WeChatException.class).isThrownBy(() -> counted.jscode2session(MINI_PROGRAM, CODE));
		assertThatExceptionOfType(WeChatException.class).isThrownBy(() -> counted.jscode2session(MINI_PROGRAM, CODE));

		assertThat(registry.get("wxauth.wechat.errcodes").tags("errcode", "-1").counter().count()).isEqualTo(1);
		assertThat(registry.get("wxauth.wechat.errcodes").tags("errcode", "40029").counter().count()).isEqualTo(1);
		assertThat(registry.get("wxauth.wechat.errcodes").tags("errcode", "other").counter().count()).isEqualTo(1);
		assertThat(registry.get("wxauth.wechat.retries").tags("api", "sns/jscode2session", "app", "mini-program")
			.counter()
			.count()).isEqualTo(1);
		assertThat(registry.get("wxauth.wechat.calls").tags("outcome", "errcode").timer().count()).isEqualTo(3);
	}

	@Test
	void callWhenTheRequestHasACorrelationIdThenWeChatGetsItAndOtherwiseNone() {
		script(json(TOKEN_REPLY), json(TOKEN_REPLY));
		MDC.put(CorrelationIds.MDC_KEY, "req-42");
		try {
			this.client.exchangeCode(WEBSITE, CODE);
		}
		finally {
			MDC.remove(CorrelationIds.MDC_KEY);
		}
		this.client.exchangeCode(WEBSITE, CODE);

		assertThat(this.requests).extracting(Recorded::requestId).containsExactly("req-42", null);
	}

	@Test
	void exchangeCodeWhenNobodyListensThenUnavailable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			closedPort = socket.getLocalPort();
		}
		WeChatApiClient unreachable = new WeChatApiClient(URI.create("http://127.0.0.1:" + closedPort),
				Duration.ofSeconds(2));

		WeChatException failure = assertThatExceptionOfType(WeChatException.class)
			.isThrownBy(() -> unreachable.exchangeCode(WEBSITE, CODE))
			.actual();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isZero();
		assertNeitherSecretNorCode(failure);
	}

	@Test
	void exchangeCodeWhenErrmsgEchoesTheRequestThenNeitherSecretNorCodeInTheMessage() {
		script(json("{\"errcode\":40029,\"errmsg\":\"invalid code: " + CODE + " for appid " + WEBSITE.appid()
				+ " secret " + SECRET + ", rid: 6653a1b2\"}"));

		WeChatException failure = exchangeCodeFails();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.INVALID_GRANT);
		assertNeitherSecretNorCode(failure);
		assertThat(failure.toOAuth2Error().toString()).doesNotContain(SECRET, CODE);
	}

	@Test
	void exchangeCodeWhenUnreadableReplyEchoesTheRequestThenNeitherSecretNorCodeInTheMessage() {
		script(new Reply(500, "text/html", ("<html>bad gateway for /sns/oauth2/access_token?secret=" + SECRET + "&code="
				+ CODE + "</html>").getBytes(StandardCharsets.UTF_8), Duration.ZERO),
				json("{\"access_token\":\"" + CODE + SECRET));

		assertNeitherSecretNorCode(exchangeCodeFails());
		assertNeitherSecretNorCode(exchangeCodeFails());
	}

	@Test
	void exchangeCodeWhenReplyNotJsonThenNoWordOfItInTheFailureNorItsCauses() {
		String reply = "gatewaytimeout0f1e2d3c4b5a6978";
		script(json(reply), json(reply));

		StringWriter trace = new StringWriter();
		exchangeCodeFails().printStackTrace(new PrintWriter(trace));
		assertThat(trace.toString()).doesNotContain(reply);
	}

	@Test
	void jscode2sessionWhenSessionKeyMissingThenUnavailable() {
		script(json("{\"openid\":\"oMiniProgramOpenid\"}"));

		WeChatException failure = assertThatExceptionOfType(WeChatException.class)
			.isThrownBy(() -> this.client.jscode2session(MINI_PROGRAM, "js-code-0a1b2c"))
			.actual();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isZero();
	}

	@Test
	void userPhoneNumberWhenAppAccessTokenRejectedThenMisconfiguredAndSaidSo() {
		script(errcode(40001));

		WeChatException failure = assertThatExceptionOfType(WeChatException.class)
			.isThrownBy(() -> this.client.userPhoneNumber(MINI_PROGRAM, "APP_ACCESS_TOKEN", "phone-code", null))
			.actual();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.MISCONFIGURED);
		assertThat(failure.errcode()).isEqualTo(40001);
		assertThat(failure.isAccessTokenRejected()).isTrue();
	}

	@Test
	void userPhoneNumberWhenNoPhoneInfoThenUnavailable() {
		script(json("{\"errcode\":0,\"errmsg\":\"ok\"}"));

		WeChatException failure = assertThatExceptionOfType(WeChatException.class)
			.isThrownBy(() -> this.client.userPhoneNumber(MINI_PROGRAM, "APP_ACCESS_TOKEN", "phone-code", null))
			.actual();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"purePhoneNumber\":\"1-2\",\"countryCode\":86}",
			"{\"purePhoneNumber\":\"not a number\",\"countryCode\":\"86\"}",
			"{\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"0\"}" })
	void userPhoneNumberWhenNumberUnusableThenUnavailable(String phoneInfo) {
		script(json("{\"errcode\":0,\"phone_info\":" + phoneInfo + "}"));

		WeChatException failure = assertThatExceptionOfType(WeChatException.class)
			.isThrownBy(() -> this.client.userPhoneNumber(MINI_PROGRAM, "APP_ACCESS_TOKEN", "phone-code", null))
			.actual();

		assertThat(failure.kind()).isEqualTo(WeChatException.Kind.UNAVAILABLE);
		assertThat(failure.errcode()).isZero();
	}

	@Test
	void exchangeCodeWhenBusyOnceThenRetriedAndSucceedsAfterExactlyTwoCalls() {
		script(json(BUSY_REPLY), json(TOKEN_REPLY));

		SnsAccessToken token = this.client.exchangeCode(WEBSITE, CODE);

		assertThat(token.openid()).isEqualTo("o6_bmjrPTlm6_2sgVt7hMZOPfL2M");
		assertThat(this.requests).hasSize(2);
		assertThat(this.requests.get(1)).isEqualTo(this.requests.get(0));
	}

	@Test
	void exchangeCodeThenGetsTheTokenWithAppidSecretAndCode() {
		script(json(TOKEN_REPLY));

		this.client.exchangeCode(WEBSITE, CODE);

		assertThat(this.requests).hasSize(1);
		Recorded request = this.requests.get(0);
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.path()).isEqualTo("/sns/oauth2/access_token");
		assertThat(request.query()).containsOnly(Map.entry("appid", WEBSITE.appid()), Map.entry("secret", SECRET),
				Map.entry("code", CODE), Map.entry("grant_type", "authorization_code"));
		assertThat(request.body()).isEmpty();
	}

	@Test
	void exchangeCodeWhenCodeHasReservedCharactersThenSentIntact() {
		String code = "a&b=c d%e/f?g#hü+i";
		script(json(TOKEN_REPLY));

		this.client.exchangeCode(WEBSITE, code);

		assertThat(this.requests.get(0).query()).containsEntry("code", code)
			.containsEntry("grant_type", "authorization_code");
	}

	@Test
	void exchangeCodeWhenFullReplyThenEveryField() {
		script(json("""
				{"access_token":"ACCESS_TOKEN","expires_in":3600,"refresh_token":"REFRESH_TOKEN",
				"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","scope":"snsapi_base snsapi_userinfo",
				"unionid":"o6_bmasdasdsad6_2sgVt7hMZOPfL","is_snapshotuser":0}
				"""));

		SnsAccessToken token = this.client.exchangeCode(WEBSITE, CODE);

		assertThat(token.accessToken()).isEqualTo("ACCESS_TOKEN");
		assertThat(token.expiresIn()).isEqualTo(3600);
		assertThat(token.refreshToken()).isEqualTo("REFRESH_TOKEN");
		assertThat(token.openid()).isEqualTo("o6_bmjrPTlm6_2sgVt7hMZOPfL2M");
		assertThat(token.scopes()).containsExactly("snsapi_base", "snsapi_userinfo");
		assertThat(token.unionid()).isEqualTo("o6_bmasdasdsad6_2sgVt7hMZOPfL");
		assertThat(token.snapshotUser()).isFalse();
	}

	@Test
	void exchangeCodeWhenScopesCommaSeparatedAndSnapshotUserThenBothRead() {
		script(json("""
				{"access_token":"ACCESS_TOKEN","expires_in":7200,"openid":"o6_virtual","scope":"snsapi_base,snsapi_userinfo",
				"is_snapshotuser":1}
				"""));

		SnsAccessToken token = this.client.exchangeCode(WEBSITE, CODE);

		assertThat(token.scopes()).containsExactly("snsapi_base", "snsapi_userinfo");
		assertThat(token.snapshotUser()).isTrue();
	}

	@Test
	void exchangeCodeWhenOptionalFieldsAbsentThenDefaults() {
		script(json("{\"access_token\":\"ACCESS_TOKEN\",\"openid\":\"o6_bmjrPTlm6_2sgVt7hMZOPfL2M\"}"));

		SnsAccessToken token = this.client.exchangeCode(WEBSITE, CODE);

		assertThat(token.expiresIn()).isEqualTo(7200);
		assertThat(token.refreshToken()).isNull();
		assertThat(token.scopes()).isEmpty();
		assertThat(token.unionid()).isNull();
		assertThat(token.snapshotUser()).isFalse();
	}

	@Test
	void userInfoThenGetsTheProfileForTheTokenAndOpenid() {
		script(json("""
				{"openid":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","nickname":"Alice","sex":1,"headimgurl":"https://thirdwx.qlogo.cn/mmopen/abc/132",
				"privilege":[],"unionid":"o6_bmasdasdsad6_2sgVt7hMZOPfL"}
				"""));

		SnsUserInfo profile = this.client.userInfo(WEBSITE, "ACCESS_TOKEN", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M");

		Recorded request = this.requests.get(0);
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.path()).isEqualTo("/sns/userinfo");
		assertThat(request.query()).containsEntry("access_token", "ACCESS_TOKEN")
			.containsEntry("openid", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M");
		assertThat(profile.openid()).isEqualTo("o6_bmjrPTlm6_2sgVt7hMZOPfL2M");
		assertThat(profile.unionid()).isEqualTo("o6_bmasdasdsad6_2sgVt7hMZOPfL");
		assertThat(profile.nickname()).isEqualTo("Alice");
		assertThat(profile.headimgurl()).isEqualTo("https://thirdwx.qlogo.cn/mmopen/abc/132");
	}

	@Test
	void userInfoWhenTextPlainWithoutCharsetThenNicknameDecodedAsUtf8() {
		String nickname = "小明🐼 Zoë";
		script(new Reply(200, "text/plain",
				("{\"openid\":\"o6_bmjrPTlm6_2sgVt7hMZOPfL2M\",\"nickname\":\"" + nickname + "\"}")
					.getBytes(StandardCharsets.UTF_8),
				Duration.ZERO));

		SnsUserInfo profile = this.client.userInfo(WEBSITE, "ACCESS_TOKEN", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M");

		assertThat(profile.nickname()).isEqualTo(nickname);
		assertThat(profile.unionid()).isNull();
		assertThat(profile.headimgurl()).isNull();
	}

	@Test
	void jscode2sessionThenGetsTheSessionWithAppidSecretAndJsCode() {
		script(json("""
				{"openid":"oMiniProgramOpenid","session_key":"tiihtNczf5v6AKRyjwEUhQ==","unionid":"oUnionid"}
				"""));

		MiniProgramSession session = this.client.jscode2session(MINI_PROGRAM, "js-code-0a1b2c");

		Recorded request = this.requests.get(0);
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.path()).isEqualTo("/sns/jscode2session");
		assertThat(request.query()).containsOnly(Map.entry("appid", MINI_PROGRAM.appid()),
				Map.entry("secret", MINI_PROGRAM.secret()), Map.entry("js_code", "js-code-0a1b2c"),
				Map.entry("grant_type", "authorization_code"));
		assertThat(session.openid()).isEqualTo("oMiniProgramOpenid");
		assertThat(session.sessionKey()).isEqualTo("tiihtNczf5v6AKRyjwEUhQ==");
		assertThat(session.unionid()).isEqualTo("oUnionid");
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void stableTokenThenPostsTheCredentialsAsJson(boolean forceRefresh) {
		script(json("{\"access_token\":\"APP_ACCESS_TOKEN\",\"expires_in\":7000}"));

		AppAccessToken token = this.client.stableToken(MINI_PROGRAM, forceRefresh);

		Recorded request = this.requests.get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/cgi-bin/stable_token");
		assertThat(request.query()).isEmpty();
		assertThat(request.contentType()).startsWith("application/json");
		JsonNode body = body(request);
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("grant_type", "appid", "secret", "force_refresh");
		assertThat(body.get("grant_type").asString()).isEqualTo("client_credential");
		assertThat(body.get("appid").asString()).isEqualTo(MINI_PROGRAM.appid());
		assertThat(body.get("secret").asString()).isEqualTo(MINI_PROGRAM.secret());
		assertThat(body.get("force_refresh").isBoolean()).isTrue();
		assertThat(body.get("force_refresh").asBoolean()).isEqualTo(forceRefresh);
		assertThat(token.value()).isEqualTo("APP_ACCESS_TOKEN");
		assertThat(token.expiresInSeconds()).isEqualTo(7000);
	}

	@Test
	void stableTokenWhenBusyOnceThenPostedAgainWithTheSameBody() {
		script(json(BUSY_REPLY), json("{\"access_token\":\"APP_ACCESS_TOKEN\",\"expires_in\":7200}"));

		assertThat(this.client.stableToken(MINI_PROGRAM, false).value()).isEqualTo("APP_ACCESS_TOKEN");

		assertThat(this.requests).hasSize(2);
		assertThat(this.requests.get(1)).isEqualTo(this.requests.get(0));
	}

	@Test
	void userPhoneNumberThenPostsTheCodeWithTheAppAccessTokenInTheQuery() {
		script(json("""
				{"errcode":0,"errmsg":"ok","phone_info":{"phoneNumber":"13800138000","purePhoneNumber":"13800138000",
				"countryCode":86,"watermark":{"timestamp":1637744274,"appid":"wxd0000000000000a3"}}}
				"""));

		PhoneNumber phone = this.client.userPhoneNumber(MINI_PROGRAM, "APP_ACCESS_TOKEN", "phone-code", "oMiniProgramOpenid");

		Recorded request = this.requests.get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/wxa/business/getuserphonenumber");
		assertThat(request.query()).containsOnly(Map.entry("access_token", "APP_ACCESS_TOKEN"));
		assertThat(request.contentType()).startsWith("application/json");
		JsonNode body = body(request);
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("code", "openid");
		assertThat(body.get("code").asString()).isEqualTo("phone-code");
		assertThat(body.get("openid").asString()).isEqualTo("oMiniProgramOpenid");
		assertThat(phone.e164()).isEqualTo("+8613800138000");
	}

	@Test
	void userPhoneNumberWhenNoOpenidThenOnlyTheCodePosted() {
		script(json("{\"errcode\":0,\"phone_info\":{\"purePhoneNumber\":\"13800138000\",\"countryCode\":86}}"));

		this.client.userPhoneNumber(MINI_PROGRAM, "APP_ACCESS_TOKEN", "phone-code", null);

		assertThat(body(this.requests.get(0)).propertyNames()).containsExactly("code");
	}

	@Test
	void userPhoneNumberWhenCountryCodeAStringThenE164() {
		script(json("{\"errcode\":0,\"phone_info\":{\"phoneNumber\":\"+852 61234567\",\"purePhoneNumber\":\"61234567\","
				+ "\"countryCode\":\"852\"}}"));

		PhoneNumber phone = this.client.userPhoneNumber(MINI_PROGRAM, "APP_ACCESS_TOKEN", "phone-code", null);

		assertThat(phone.e164()).isEqualTo("+85261234567");
	}

	@Test
	void userPhoneNumberWhenCountryCodeAbsentThenChina() {
		script(json("{\"errcode\":0,\"phone_info\":{\"purePhoneNumber\":\"13800138000\"}}"));

		assertThat(this.client.userPhoneNumber(MINI_PROGRAM, "APP_ACCESS_TOKEN", "phone-code", null).e164())
			.isEqualTo("+8613800138000");
	}

	record Recorded(String method, String path, Map<String, String> query, String contentType, String body,
			String requestId) {
	}

	record Reply(int status, String contentType, byte[] body, Duration delay) {
	}

}
