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
	@CsvSource({ "POST, /logout, 403", "PUT, /login, 403", "DELETE, /oauth2/token, 405", "POST, /nothing-here, 403",
			"PATCH, /.well-known/openid-configuration, 405" })
	void unsafeRequestWhenNoSessionThenRefusedWithoutCreatingOne(String method, String path, int status) {
		Http.Response response = new Http(this.issuer).send(method, path, "application/x-www-form-urlencoded",
				"a=b".getBytes(StandardCharsets.US_ASCII), "Accept", "text/html");

		// a protocol endpoint refuses a method it does not take before the CSRF filter asks for a token
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.raw().headers().allValues("Set-Cookie"))
			.noneMatch((cookie) -> cookie.startsWith(WeChatLoginFixture.SESSION_COOKIE + "="));
	}

}
