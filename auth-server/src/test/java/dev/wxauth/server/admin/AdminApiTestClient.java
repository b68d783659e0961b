package dev.wxauth.server.admin;

import java.nio.charset.StandardCharsets;

import dev.wxauth.server.testing.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API as an operator's script calls it: with the dev admin client's token ({@code wxauth-admin}), or
 * another's.
 */
final class AdminApiTestClient {

	static final String ADMIN = "wxauth-admin";

	static final String ADMIN_SECRET = "wxauth-admin-secret";

	final Http http;

	final String token;

	AdminApiTestClient(Http http, String token) {
		this.http = http;
		this.token = token;
	}

	/** The dev admin client, with a token of {@code scope}. */
	static AdminApiTestClient as(Http http, String scope) {
		Http.Response response = http.postForm("/oauth2/token",
				Http.form("grant_type", "client_credentials", "scope", scope), Http.basic(ADMIN, ADMIN_SECRET));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return new AdminApiTestClient(http, response.json().get("access_token").asString());
	}

	Http.Response get(String path) {
		return this.http.get(path, Http.bearer(this.token));
	}

	Http.Response post(String path, String json) {
		return send("POST", path, json);
	}

	Http.Response put(String path, String json) {
		return send("PUT", path, json);
	}

	Http.Response patch(String path, String json) {
		return this.http.send("PATCH", path, "application/merge-patch+json",
				json.getBytes(StandardCharsets.UTF_8), Http.bearer(this.token));
	}

	Http.Response delete(String path) {
		return this.http.send("DELETE", path, null, null, Http.bearer(this.token));
	}

	private Http.Response send(String method, String path, String json) {
		return this.http.send(method, path, "application/json",
				(json != null) ? json.getBytes(StandardCharsets.UTF_8) : null, Http.bearer(this.token));
	}

}
