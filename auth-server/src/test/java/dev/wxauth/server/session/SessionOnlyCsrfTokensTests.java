package dev.wxauth.server.session;

import java.nio.charset.StandardCharsets;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request the CSRF filter refuses, from a browser without a session, leaves without one: no session row for a
 * token nobody will see.
 */
@AuthServerTest
class SessionOnlyCsrfTokensTests {

	@Value("${wxauth.issuer}")
	String issuer;

	@ParameterizedTest
	@CsvSource({ "POST, /logout", "PUT, /login", "DELETE, /oauth2/token", "POST, /nothing-here",
			"PATCH, /.well-known/openid-configuration" })
	void unsafeRequestWhenNoSessionThenRefusedWithoutCreatingOne(String method, String path) {
		Http.Response response = new Http(this.issuer).send(method, path, "application/x-www-form-urlencoded",
				"a=b".getBytes(StandardCharsets.US_ASCII), "Accept", "text/html");

		assertThat(response.status()).as(response.toString()).isEqualTo(403);
		assertThat(response.raw().headers().allValues("Set-Cookie"))
			.noneMatch((cookie) -> cookie.startsWith(WeChatLoginFixture.SESSION_COOKIE + "="));
	}

}
