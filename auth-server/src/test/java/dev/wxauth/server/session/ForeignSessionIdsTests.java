package dev.wxauth.server.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session cookie that holds no id the store issues (a forged or mangled one) is no session: the request goes on
 * signed out, and the id never reaches PostgreSQL, which refuses a NUL byte in a query's text with an error.
 */
@AuthServerTest
class ForeignSessionIdsTests {

	@Value("${wxauth.issuer}")
	String issuer;

	@ParameterizedTest
	@ValueSource(strings = { "AAAAAAAA", "AAAA", "bm90LWEtc2Vzc2lvbg==", "%%%", "AP8A/w==" })
	void requestWhenSessionCookieHoldsNoIdWeIssueThenSignedOutNotServerError(String cookie) {
		Http.Response response = new Http(this.issuer).get("/login?error=access_denied", "Accept", "text/html",
				"Cookie", WeChatLoginFixture.SESSION_COOKIE + "=" + cookie);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u0000", "a\u0000b", "0000000-0000-0000-0000-000000000000\u0000" })
	void requestWhenSessionCookieDecodesToControlCharactersThenSignedOutNotServerError(String id) {
		String cookie = Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8));

		Http.Response response = new Http(this.issuer).get("/login?error=access_denied", "Accept", "text/html",
				"Cookie", WeChatLoginFixture.SESSION_COOKIE + "=" + cookie);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

}
