package dev.wxauth.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API over HTTP, as the command line uses it: a token for the admin client (the {@code client_credentials}
 * grant, with whatever admin scopes the client has), then JSON requests; every refusal becomes an
 * {@link AdminApi.Refused} carrying the status and the problem the API answered.
 */
final class AdminApi {

	static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String issuer;

	private final String clientId;

	private final String clientSecret;

	private String token;

	AdminApi(String issuer, String clientId, String clientSecret) {
		this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
	}

	JsonNode get(String path, Map<String, String> query) {
		String parameters = query.entrySet()
			.stream()
			.filter((parameter) -> parameter.getValue() != null)
			.map((parameter) -> encode(parameter.getKey()) + "=" + encode(parameter.getValue()))
			.collect(Collectors.joining("&"));
		return send("GET", path + (parameters.isEmpty() ? "" : "?" + parameters), null, null);
	}

	JsonNode post(String path, JsonNode body) {
		return send("POST", path, "application/json", body);
	}

	JsonNode put(String path, JsonNode body) {
		return send("PUT", path, "application/json", body);
	}

	JsonNode patch(String path, JsonNode body) {
		return send("PATCH", path, "application/merge-patch+json", body);
	}

	JsonNode delete(String path) {
		return send("DELETE", path, null, null);
	}

	private JsonNode send(String method, String path, String contentType, JsonNode body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token())
			.header("Accept", "application/json")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))
					: HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		HttpResponse<String> response = exchange(request.build());
		if (response.statusCode() >= 400) {
			throw new Refused(response.statusCode(), parse(response.body()));
		}
		return response.body().isEmpty() ? json.createObjectNode() : parse(response.body());
	}

	private String token() {
		if (this.token == null) {
			String credentials = Base64.getEncoder()
				.encodeToString((encode(this.clientId) + ":" + encode(this.clientSecret)).getBytes(StandardCharsets.UTF_8));
			HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", "Basic " + credentials)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
				.build());
			if (response.statusCode() != 200) {
				throw new NotAdmitted("The token endpoint refused the admin client " + this.clientId + ": "
						+ parse(response.body()).path("error").asString(response.body()));
			}
			this.token = parse(response.body()).path("access_token").asString();
		}
		return this.token;
	}

	private HttpResponse<String> exchange(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new Unreachable("Cannot reach " + this.issuer + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Unreachable("Interrupted");
		}
	}

	private static JsonNode parse(String body) {
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			Map<String, String> text = new LinkedHashMap<>();
			text.put("detail", body);
			return json.valueToTree(text);
		}
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** The API refused the request: its status and problem JSON. */
	static final class Refused extends RuntimeException {

		final int status;

		final JsonNode problem;

		Refused(int status, JsonNode problem) {
			super(problem.path("detail").asString("HTTP " + status));
			this.status = status;
			this.problem = problem;
		}

	}

	/** The admin client could not get a token: wrong id or secret, disabled, not an admin client. */
	static final class NotAdmitted extends RuntimeException {

		NotAdmitted(String message) {
			super(message);
		}

	}

	/** No answer from the server at all. */
	static final class Unreachable extends RuntimeException {

		Unreachable(String message) {
			super(message);
		}

	}

}
