package dev.wxauth.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for the emulator, as a WeChat client would use it: redirects not followed, bodies read as
 * bytes and decoded as UTF-8 whatever the label says.
 */
final class EmulatorHttp {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	EmulatorHttp(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	Reply get(String pathAndQuery) {
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
	}

	Reply get(String pathAndQuery, Duration timeout) {
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(timeout).GET().build());
	}

	Reply post(String pathAndQuery, String body) {
		return post(pathAndQuery, body, "application/json");
	}

	Reply post(String pathAndQuery, String body, String contentType) {
		return send(HttpRequest.newBuilder(uri(pathAndQuery))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build());
	}

	Reply post(String pathAndQuery) {
		return send(HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	Reply delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
	}

	/** {@code path?k1=v1&k2=v2}, values form-encoded; a null value leaves the parameter out. */
	static String query(String path, String... keysAndValues) {
		List<String> parameters = new ArrayList<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			if (keysAndValues[i + 1] != null) {
				String value = URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8);
				parameters.add(keysAndValues[i] + "=" + value);
			}
		}
		return path + "?" + String.join("&", parameters);
	}

	/** The value of a query parameter in a URL, decoded; null when absent. */
	static String queryParameter(String url, String name) {
		Matcher matcher = Pattern.compile("[?&]" + Pattern.quote(name) + "=([^&#]*)").matcher(url);
		return matcher.find() ? URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8) : null;
	}

	private URI uri(String pathAndQuery) {
		return URI.create(this.baseUrl + pathAndQuery);
	}

	private static Reply send(HttpRequest request) {
		try {
			HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
			return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.headers().firstValue("Location").orElse(null), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Reply(int status, String contentType, String location, byte[] bytes) {

		String body() {
			return new String(this.bytes, StandardCharsets.UTF_8);
		}

		JsonNode json() {
			return JSON.readTree(this.bytes);
		}

		int errcode() {
			return json().path("errcode").asInt(0);
		}

		String text(String field) {
			JsonNode value = json().get(field);
			return (value != null && !value.isNull()) ? value.asString() : null;
		}

	}

}
