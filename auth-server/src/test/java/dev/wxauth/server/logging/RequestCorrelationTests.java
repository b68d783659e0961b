package dev.wxauth.server.logging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.wxauth.emulator.Fault;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.RawHttp;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.form;
import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer names its request's correlation id in {@code X-Request-Id}, a caller's own id when it is a plain
 * token, and the log lines written while the request was worked on carry it: as application.yml's
 * {@code logging.pattern.correlation} prints it in plain text, and as a field of Spring Boot's structured JSON.
 * <p>
 * The lines are captured by appenders of their own on the server's Logback context: in this JVM the embedded WeChat
 * emulator, a Spring Boot application started first, has configured the console, so the console's pattern is its
 * own, not the auth server's (under {@code make run} the emulator has a JVM of its own).
 */
@AuthServerTest
class RequestCorrelationTests {

	/** Logs each request it secures at DEBUG ("Securing POST /oauth2/token"), on the request's thread. */
	static final String SECURITY = "org.springframework.security.web.FilterChainProxy";

	static final String NEW_ID = "[A-Za-z0-9_-]{22}";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	LoggingSystem logging;

	@Autowired
	Environment environment;

	@BeforeEach
	void logEachSecuredRequest() {
		this.logging.setLogLevel(SECURITY, LogLevel.DEBUG);
	}

	@AfterEach
	void restoreLevel() {
		this.logging.setLogLevel(SECURITY, null);
	}

	@Test
	void responseWhenOkThenNewIdEachTime() {
		Http.Response first = this.fixture.http().get("/.well-known/openid-configuration");
		Http.Response second = this.fixture.http().get("/.well-known/openid-configuration");

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header(CorrelationIds.HEADER)).matches(NEW_ID);
		assertThat(second.header(CorrelationIds.HEADER)).matches(NEW_ID)
			.isNotEqualTo(first.header(CorrelationIds.HEADER));
	}

	@Test
	void responseWhenRedirectThenId() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());

		Http.Response response = this.fixture.http()
			.get(client.authorizationUrl("openid").substring(this.fixture.issuer().length()), "Accept", "text/html");

		assertThat(response.status()).as(response.toString()).isEqualTo(302);
		assertThat(response.header(CorrelationIds.HEADER)).matches(NEW_ID);
	}

	@Test
	void responseWhenTokenErrorThenIdThatTheRequestsLogLinesCarry() {
		Http.Response response;
		List<String> lines;
		try (SecurityLog log = new SecurityLog(plainText())) {
			response = unsupportedGrant();
			lines = log.lines();
		}

		assertError(response, 400, "unsupported_grant_type");
		String id = response.header(CorrelationIds.HEADER);
		assertThat(id).matches(NEW_ID);
		assertThat(lines).anyMatch((line) -> isTokenRequestLine(line, id));
	}

	@Test
	void responseWhenWeChatUnavailableThenId() {
		CodeGrantClient client = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		String code = this.fixture.wechat().mintJsCode(MINI_PROGRAM, "bob");
		this.fixture.wechat().injectFault("/sns/jscode2session", Fault.HTTP_500, 1);

		Http.Response response = client.login(code);

		assertError(response, 503, "temporarily_unavailable");
		assertThat(response.header(CorrelationIds.HEADER)).matches(NEW_ID);
	}

	@Test
	void responseWhenNotFoundThenId() {
		// open to anyone, and absent: answered by the error page's dispatch
		Http.Response response = this.fixture.http().get("/favicon.ico");

		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.header(CorrelationIds.HEADER)).matches(NEW_ID);
	}

	@ParameterizedTest
	@ValueSource(strings = { "req-42", "client.trace_A-b9", "x",
			"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" })
	void requestWhenWellFormedIdThenEchoedAndInTheLog(String id) {
		Http.Response response;
		List<String> lines;
		try (SecurityLog log = new SecurityLog(plainText())) {
			response = unsupportedGrant(CorrelationIds.HEADER, id);
			lines = log.lines();
		}

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header(CorrelationIds.HEADER)).isEqualTo(id);
		assertThat(lines).anyMatch((line) -> isTokenRequestLine(line, id));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", "has space",
			"semi;colon", "quo\"te", "{json}", "a/b" })
	void requestWhenMalformedIdThenReplaced(String malformed) {
		Http.Response response = this.fixture.http()
			.get("/.well-known/openid-configuration", CorrelationIds.HEADER, malformed);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header(CorrelationIds.HEADER)).matches(NEW_ID);
	}

	@Test
	void requestWhenIdAttemptsHeaderInjectionThenReplaced() {
		RawHttp.Response response;
		List<String> lines;
		try (SecurityLog log = new SecurityLog(plainText())) {
			response = new RawHttp(this.fixture.issuer())
				.send(("GET /.well-known/openid-configuration HTTP/1.1\r\nHost: localhost\r\n" + CorrelationIds.HEADER
						+ ": abc%0d%0aX: y\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
			lines = log.lines();
		}

		assertThat(response.status()).isEqualTo(200);
		List<String> headers = headers(response);
		assertThat(headers).filteredOn((header) -> header.startsWith(CorrelationIds.HEADER + ": "))
			.singleElement()
			.satisfies((header) -> assertThat(header.substring(CorrelationIds.HEADER.length() + 2)).matches(NEW_ID));
		assertThat(headers).noneMatch((header) -> header.startsWith("X:"));
		assertThat(lines).anyMatch((line) -> line.contains("Securing GET /.well-known/openid-configuration"))
			.noneMatch((line) -> line.contains("abc%0d%0a"));
	}

	@Test
	void requestWhenStructuredLogsThenItsLineIsJsonWithTheId() {
		StructuredLogEncoder ecs = new StructuredLogEncoder();
		ecs.setFormat("ecs");
		Http.Response response;
		List<String> lines;
		try (SecurityLog log = new SecurityLog(ecs)) {
			response = unsupportedGrant();
			lines = log.lines();
		}

		String id = response.header(CorrelationIds.HEADER);
		JsonMapper json = JsonMapper.builder().build();
		assertThat(lines).map(json::readTree).anySatisfy((event) -> {
			assertThat(event.path("message").asString()).isEqualTo("Securing POST /oauth2/token");
			assertThat(event.path(CorrelationIds.MDC_KEY).asString()).isEqualTo(id);
		});
	}

	/** The auth server's plain-text console line, shortened to its level, thread, correlation id and message. */
	private PatternLayoutEncoder plainText() {
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setPattern("%5p [%t] " + this.environment.getProperty("logging.pattern.correlation") + "%logger : %m%n");
		return encoder;
	}

	/** A token request the dev client {@code demo-service} makes, refused with 400 {@code unsupported_grant_type}. */
	private Http.Response unsupportedGrant(String... headers) {
		return this.fixture.http()
			.postForm("/oauth2/token", form("grant_type", "urn:example:nope"),
					Stream.concat(Stream.of(basic("demo-service", "demo-service-secret")), Stream.of(headers))
						.toArray(String[]::new));
	}

	/** The line of {@link #SECURITY} for a token request, its id in brackets (padded when short). */
	private static boolean isTokenRequestLine(String line, String id) {
		return line.contains("Securing POST /oauth2/token")
				&& (line.contains("[" + id + "]") || line.contains("[" + id + " "));
	}

	private static List<String> headers(RawHttp.Response response) {
		String text = response.text();
		return Arrays.asList(text.substring(0, text.indexOf("\r\n\r\n")).split("\r\n"));
	}

	/** What {@link #SECURITY} logs from now until closed, as {@code encoder} writes it on the logging thread. */
	private static final class SecurityLog implements AutoCloseable {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

		private final Logger logger;

		SecurityLog(Encoder<ILoggingEvent> encoder) {
			LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
			encoder.setContext(context);
			encoder.start();
			this.appender.setContext(context);
			this.appender.setEncoder(encoder);
			this.appender.setOutputStream(this.out);
			this.appender.start();
			this.logger = context.getLogger(SECURITY);
			this.logger.addAppender(this.appender);
		}

		List<String> lines() {
			return this.out.toString(StandardCharsets.UTF_8).lines().toList();
		}

		@Override
		public void close() {
			this.logger.detachAppender(this.appender);
			this.appender.stop();
		}

	}

}
