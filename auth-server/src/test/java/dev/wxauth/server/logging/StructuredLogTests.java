package dev.wxauth.server.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code WXAUTH_LOG_FORMAT} through application.yml into Spring Boot's structured log formats, on a Logback context of
 * its own with {@link CredentialRedaction}: each line is JSON with the request's correlation id as a field, and no
 * credential reaches it, neither through the message and exception (redacted before any appender) nor through the
 * MDC entries and key-value pairs that only JSON prints ({@link StructuredLogRedaction}).
 */
class StructuredLogTests {

	static final List<String> SECRETS = List.of("C0DE-S3CRET", "CLIENT-S3CRET", "KV-S3CRET", "KV-URL-S3CRET",
			"MDC-S3CRET", "EX-S3CRET");

	static final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void formatWhenUnsetThenPlainText() throws IOException {
		assertThat(environment(Map.of()).getProperty("logging.structured.format.console")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ecs", "logstash", "gelf" })
	void logWhenStructuredThenJsonLinesWithTheIdAndNoCredential(String format) throws IOException {
		Environment environment = environment(Map.of("WXAUTH_LOG_FORMAT", format));
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo(format);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Logger logger = logger(environment, out);

		MDC.put(CorrelationIds.MDC_KEY, "req-42");
		MDC.put("access_token", "MDC-S3CRET");
		logger.info("Redirecting to {}", "https://client.example/cb?code=C0DE-S3CRET&state=s");
		logger.atInfo()
			.setMessage("WeChat answered")
			.addKeyValue("code", "KV-S3CRET")
			.addKeyValue("redirect", "https://client.example/cb?client_secret=KV-URL-S3CRET")
			.log();
		logger.warn("Token request failed", new IllegalStateException("client_secret=CLIENT-S3CRET token=EX-S3CRET"));

		String text = out.toString(StandardCharsets.UTF_8);
		List<JsonNode> lines = text.lines().map(json::readTree).toList();
		assertThat(lines).hasSize(3).allSatisfy((line) -> assertThat(correlationId(line, format)).isEqualTo("req-42"));
		assertThat(text).contains("[redacted]");
		assertThat(SECRETS).noneMatch(text::contains);
	}

	/** The MDC entry as each format names it: GELF prefixes additional fields with an underscore. */
	private static String correlationId(JsonNode line, String format) {
		String field = format.equals("gelf") ? "_" + CorrelationIds.MDC_KEY : CorrelationIds.MDC_KEY;
		return line.path(field).asString();
	}

	/** application.yml, as Spring Boot reads it, with {@code variables} as the process environment. */
	private static Environment environment(Map<String, Object> variables) throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addLast(new MapPropertySource("variables", variables));
		for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml",
				new ClassPathResource("application.yml"))) {
			environment.getPropertySources().addLast(source);
		}
		return environment;
	}

	/** A logger whose events go, as Spring Boot's console would write them in that format, to {@code out}. */
	private static Logger logger(Environment environment, ByteArrayOutputStream out) {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(MDC.getMDCAdapter());
		context.putObject(Environment.class.getName(), environment);
		CredentialRedaction.install(context);
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setFormat(environment.getProperty("logging.structured.format.console"));
		encoder.setContext(context);
		encoder.start();
		OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
		appender.setContext(context);
		appender.setEncoder(encoder);
		appender.setOutputStream(out);
		appender.start();
		Logger logger = context.getLogger("test");
		logger.setLevel(Level.INFO);
		logger.addAppender(appender);
		return logger;
	}

}
