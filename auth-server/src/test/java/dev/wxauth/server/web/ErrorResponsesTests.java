package dev.wxauth.server.web;

import java.nio.charset.StandardCharsets;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an error looks like outside the OAuth endpoints: our readable page for a browser, RFC 9457 problem JSON for
 * anything else, and never a 5xx for a request the server cannot read.
 */
@AuthServerTest
class ErrorResponsesTests {

	@Value("${wxauth.issuer}")
	String issuer;

	Http http() {
		return new Http(this.issuer);
	}

	@Test
	void errorPathWhenRequestedDirectlyThenNotFound() {
		Http.Response response = http().get("/error");

		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(404);
	}

	@Test
	void errorPathWhenBrowserRequestsItDirectlyThenNotFoundPage() {
		Http.Response response = http().get("/error", "Accept", "text/html");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("text/html");
		assertThat(response.body()).contains("There is nothing at this address.");
	}

	@Test
	void pageWhenQueryNotDecodableThenBadRequestPage() {
		Http.Response response = http().get("/login?error=%C3%28", "Accept", "text/html");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("The request was not valid.");
	}

	@Test
	void pageWhenQueryNotDecodableAndNoBrowserThenProblemJson() {
		Http.Response response = http().get("/login?error=%FF");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(400);
		assertThat(response.json().get("instance").asString()).isEqualTo("/login");
	}

	@Test
	void pageWhenParameterOversizedThenBadRequest() {
		Http.Response response = http().get("/login?error=" + "x".repeat(5_000), "Accept", "text/html");

		assertThat(response.status()).isEqualTo(400);
	}

	@Test
	void apiWhenBrowserSendsUnreadableRequestThenStillProblemJson() {
		Http.Response response = http().send("POST", "/wechat/mini-program/phone-number?x=%FF", "application/json",
				"{}".getBytes(StandardCharsets.US_ASCII), "Accept", "text/html");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@ParameterizedTest
	@CsvSource({ "/oauth2/token, multipart/form-data", "/oauth2/token, multipart/form-data; boundary=b",
			"/wechat/mini-program/phone-number, multipart/form-data", "/login, multipart/form-data; boundary=b" })
	void anyPathWhenMultipartBodyThenNotReadAndNoServerError(String path, String contentType) {
		Http.Response response = http().send("POST", path, contentType,
				"--b\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\na\r\n--b--garbage"
					.getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).as(response.toString()).isBetween(400, 499);
	}

	@Test
	void clientEndpointWhenWrongMethodThenOAuthErrorJson() {
		Http.Response response = http().send("PUT", "/oauth2/token", null, null);

		assertThat(response.status()).as(response.toString()).isBetween(400, 499);
		assertThat(response.json().get("error").asString()).isEqualTo("invalid_request");
	}

	@ParameterizedTest
	@CsvSource({ "PUT, /oauth2/token", "PATCH, /oauth2/token", "DELETE, /oauth2/token", "PUT, /login",
			"DELETE, /login", "PATCH, /logout", "PUT, /wechat/mini-program/phone-number", "DELETE, /userinfo",
			"PUT, /nothing-here" })
	void anyPathWhenFormBodyNotDecodableThenNoServerError(String method, String path) {
		for (byte[] body : new byte[][] { "a=%zz".getBytes(StandardCharsets.US_ASCII),
				"a=\u00ff\u00fe".getBytes(StandardCharsets.ISO_8859_1) }) {
			Http.Response response = http().send(method, path, "application/x-www-form-urlencoded", body);

			assertThat(response.status()).as(method + " " + path + ": " + response).isBetween(400, 499);
		}
	}

}
