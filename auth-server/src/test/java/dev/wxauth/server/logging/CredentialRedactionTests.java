package dev.wxauth.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CredentialRedaction} on a Logback context of its own: what reaches the appender.
 */
class CredentialRedactionTests {

	LoggerContext context;

	Logger logger;

	ListAppender<ILoggingEvent> appender;

	@BeforeEach
	void setUp() {
		this.context = new LoggerContext();
		CredentialRedaction filter = new CredentialRedaction();
		filter.setContext(this.context);
		filter.start();
		this.context.addTurboFilter(filter);
		this.appender = new ListAppender<>();
		this.appender.setContext(this.context);
		this.appender.start();
		this.logger = this.context.getLogger("test");
		this.logger.setLevel(Level.INFO);
		this.logger.addAppender(this.appender);
	}

	@Test
	void logWhenQueryCarriesCredentialsThenEachValueRedacted() {
		this.logger.info("GET /oauth2/token?grant_type=authorization_code&code=C0DE&code_verifier=V3R&client_id=app"
				+ "&client_secret=S3C&refresh_token=R3F&id_token_hint=ID.T0K&token=T0K&access_token=A&Password=PW");

		assertThat(this.appender.list).singleElement()
			.extracting(ILoggingEvent::getFormattedMessage)
			.isEqualTo("GET /oauth2/token?grant_type=authorization_code&code=[redacted]&code_verifier=[redacted]"
					+ "&client_id=app&client_secret=[redacted]&refresh_token=[redacted]&id_token_hint=[redacted]"
					+ "&token=[redacted]&access_token=[redacted]&Password=[redacted]");
	}

	@Test
	void logWhenCredentialIsAnArgumentThenRedacted() {
		this.logger.info("Redirecting to {}", "https://client.example/callback?code=C0DE&state=s");

		assertThat(this.appender.list).singleElement()
			.extracting(ILoggingEvent::getFormattedMessage)
			.isEqualTo("Redirecting to https://client.example/callback?code=[redacted]&state=s");
	}

	@Test
	void logWhenNamesOnlyEndLikeCredentialsThenKept() {
		this.logger.info("WeChat answered errcode=40029, appid=wx1, status code 400, mycode=x");

		assertThat(this.appender.list).singleElement()
			.extracting(ILoggingEvent::getFormattedMessage)
			.isEqualTo("WeChat answered errcode=40029, appid=wx1, status code 400, mycode=x");
	}

	@Test
	void logWhenExceptionMessageCarriesCredentialThenRedactedWithItsStack() {
		IllegalArgumentException thrown = new IllegalArgumentException(
				"Invalid character found in the request target [/oauth2/authorize?code=C0DE&x={bad} ]",
				new IllegalStateException("cause with client_secret=S3C"));

		this.logger.info("Error parsing HTTP request header", thrown);

		ILoggingEvent event = this.appender.list.getFirst();
		assertThat(this.appender.list).hasSize(1);
		assertThat(event.getFormattedMessage()).isEqualTo("Error parsing HTTP request header");
		IThrowableProxy logged = event.getThrowableProxy();
		assertThat(logged.getMessage()).isEqualTo("java.lang.IllegalArgumentException: Invalid character found in"
				+ " the request target [/oauth2/authorize?code=[redacted]&x={bad} ]");
		assertThat(logged.getStackTraceElementProxyArray()).hasSize(thrown.getStackTrace().length);
		assertThat(logged.getCause().getMessage())
			.isEqualTo("java.lang.IllegalStateException: cause with client_secret=[redacted]");
	}

	@Test
	void logWhenNothingToRedactThenTheEventAsItWas() {
		IllegalStateException thrown = new IllegalStateException("plain");

		this.logger.warn("Something {} happened", "odd", thrown);

		ILoggingEvent event = this.appender.list.getFirst();
		assertThat(event.getFormattedMessage()).isEqualTo("Something odd happened");
		assertThat(event.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
	}

	@Test
	void installWhenContextResetLaterThenStillRedacts() {
		LoggerContext context = new LoggerContext();
		CredentialRedaction.install(context);
		CredentialRedaction.install(context);
		context.reset();
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.setContext(context);
		appender.start();
		Logger logger = context.getLogger("reset-test");
		logger.setLevel(Level.INFO);
		logger.addAppender(appender);

		logger.info("GET /x?code=C0DE");

		assertThat(context.getTurboFilterList()).hasSize(1);
		assertThat(appender.list).singleElement()
			.extracting(ILoggingEvent::getFormattedMessage)
			.isEqualTo("GET /x?code=[redacted]");
	}

	@Test
	void logWhenLevelDisabledThenNothing() {
		this.logger.debug("code=C0DE");

		assertThat(this.appender.list).isEmpty();
	}

}
