package dev.wxauth.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check every grant and endpoint test makes of a refusal: the HTTP status and the OAuth {@code error} code.
 */
public final class OAuthErrors {

	private OAuthErrors() {
	}

	public static void assertError(Http.Response response, int status, String error) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.json().get("error").asString()).isEqualTo(error);
	}

}
