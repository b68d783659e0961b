package dev.wxauth.server.logging;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.bridge.SLF4JBridgeHandler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request line Tomcat cannot parse, over a raw socket: the container logs it, and no credential in its query
 * reaches the log.
 */
@AuthServerTest
@ExtendWith(OutputCaptureExtension.class)
class RequestLineRedactionTests {

	/** Tomcat's logger of unparsable requests: INFO for the first in a day, DEBUG after. */
	static final String TOMCAT_PARSER = "org.apache.coyote.http11.Http11Processor";

	static final List<String> SECRETS = List.of("C0DE-S3CRET", "V3RIFIER-S3CRET", "CLIENT-S3CRET", "REFRESH-S3CRET",
			"HINT-S3CRET", "TOKEN-S3CRET", "ACCESS-S3CRET", "PASSWORD-S3CRET");

	@Value("${wxauth.issuer}")
	String issuer;

	@Autowired
	LoggingSystem logging;

	/** Tomcat logs through java.util.logging; held here, since it keeps its loggers only weakly. */
	final java.util.logging.Logger tomcatParser = java.util.logging.Logger.getLogger(TOMCAT_PARSER);

	boolean bridgeInstalledHere;

	@BeforeEach
	void logEveryUnparsableRequest() {
		// Spring Boot bridges java.util.logging to Logback, and takes the bridge down when an application context
		// closes: in the whole suite another context (a second server) may have closed before this test
		if (!SLF4JBridgeHandler.isInstalled()) {
			SLF4JBridgeHandler.install();
			this.bridgeInstalledHere = true;
		}
		this.logging.setLogLevel(TOMCAT_PARSER, LogLevel.DEBUG);
		this.tomcatParser.setLevel(java.util.logging.Level.FINE);
	}

	@AfterEach
	void restoreLevel() {
		this.tomcatParser.setLevel(null);
		this.logging.setLogLevel(TOMCAT_PARSER, null);
		if (this.bridgeInstalledHere) {
			SLF4JBridgeHandler.uninstall();
		}
	}

	@Test
	void requestLineWhenNotParsableThenLoggedWithoutItsCredentials(CapturedOutput output) {
		String query = "client_id=app&code=C0DE-S3CRET&code_verifier=V3RIFIER-S3CRET&client_secret=CLIENT-S3CRET"
				+ "&refresh_token=REFRESH-S3CRET&id_token_hint=HINT-S3CRET&token=TOKEN-S3CRET"
				+ "&access_token=ACCESS-S3CRET&password=PASSWORD-S3CRET&broken={x}";

		RawHttp.Response response = new RawHttp(this.issuer).send(("GET /oauth2/token?" + query
				+ " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

		assertThat(response.status()).isEqualTo(400);
		assertThat(output.getOut()).contains("Invalid character found in the request target")
			.contains("code=[redacted]")
			.contains("client_id=app");
		assertThat(SECRETS).noneMatch(output.getOut()::contains).noneMatch(output.getErr()::contains);
	}

}
