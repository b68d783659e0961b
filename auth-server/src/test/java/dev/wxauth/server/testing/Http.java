package dev.wxauth.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests that talk to real servers the way any client would.
 */
public final class Http {

	/**
	 * What {@code attempt} answers once it answers {@code status}, or its last answer when {@code within} has passed:
	 * for a change another instance, or the database, takes a moment to show.
	 */
	public static Response eventually(Supplier<Response> attempt, int status, Duration within) {
		Instant deadline = Instant.now().plus(within);
		Response response = attempt.get();
		while (response.status() != status && Instant.now().isBefore(deadline)) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			response = attempt.get();
		}
		return response;
	}

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client;

	private final String baseUrl;

	public Http(String baseUrl) {
		this(baseUrl, HttpClient.newBuilder());
	}

	private Http(String baseUrl, HttpClient.Builder client) {
		this.baseUrl = baseUrl;
		this.client = client.followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
	}

	/**
	 * Requests to a server on this machine sent from another loopback address ({@code 127.0.0.2}, ...: every
	 * {@code 127.0.0.0/8} address is this machine's), as if from another client address.
	 */
	public static Http from(String localAddress, String baseUrl) {
		try {
			return new Http(baseUrl.replace("//localhost:", "//127.0.0.1:"),
					HttpClient.newBuilder().localAddress(InetAddress.getByName(localAddress)));
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	public Response get(String path, String... headers) {
		return send(request(path, headers).GET().build());
	}

	/** GETs a body that is no text (an image): its bytes as they came. */
	public HttpResponse<byte[]> getBytes(String path, String... headers) {
		try {
			return this.client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** POSTs an {@code application/x-www-form-urlencoded} body. */
	public Response postForm(String path, Map<String, String> form, String... headers) {
		String body = form.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/** POSTs a JSON body. */
	public Response postJson(String path, String json, String... headers) {
		return send(request(path, headers).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/** POSTs a form body exactly as given, for requests a form map cannot express (a repeated parameter). */
	public Response postFormRaw(String path, String body, String... headers) {
		return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/**
	 * Sends any request, for requests no well-behaved client sends: any method, any bytes as the body (none when
	 * {@code null}), any {@code Content-Type} (none when {@code null}).
	 */
	public Response send(String method, String path, String contentType, byte[] body, String... headers) {
		HttpRequest.Builder request = request(path, headers).method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request.build());
	}

	/** An {@code Authorization} header for HTTP Basic client authentication (RFC 6749 §2.3.1). */
	public static String[] basic(String clientId, String secret) {
		String credentials = encode(clientId) + ":" + encode(secret);
		return new String[] { "Authorization",
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) };
	}

	public static String[] bearer(String token) {
		return new String[] { "Authorization", "Bearer " + token };
	}

	public static Map<String, String> form(String... keyValues) {
		Map<String, String> form = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			form.put(keyValues[i], keyValues[i + 1]);
		}
		return form;
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30));
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return builder;
	}

	private Response send(HttpRequest request) {
		try {
			return new Response(this.client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** A response with its body read as text. */
	public record Response(HttpResponse<String> raw) {

		public int status() {
			return this.raw.statusCode();
		}

		public String body() {
			return this.raw.body();
		}

		public JsonNode json() {
			return json.readTree(this.raw.body());
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		@Override
		public String toString() {
			return this.raw.statusCode() + " " + this.raw.headers().map() + " " + this.raw.body();
		}

	}

}
