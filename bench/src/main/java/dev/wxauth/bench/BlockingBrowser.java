package dev.wxauth.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One browser of the load: blocking HTTP/1.1 over kept-alive connections ({@link HttpURLConnection}), a cookie jar
 * of its own (paths, expiry and deletion as {@link CookieManager} keeps them), and no redirect following: the
 * scenario takes each hop itself.
 * <p>
 * Not {@code java.net.http.HttpClient}: the load shares the machine's two cores with the servers it measures, and
 * that client's selector thread and hand-offs cost about 10 ms of CPU per web login (of eight requests then), as much
 * as the auth server spent on it.
 */
final class BlockingBrowser {

	static {
		// the JDK keeps only 5 idle connections per server by default; each worker needs its own
		if (System.getProperty("http.maxConnections") == null) {
			System.setProperty("http.maxConnections", "256");
		}
	}

	private static final int TIMEOUT_MILLIS = 30_000;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	void forgetCookies() {
		this.cookies.getCookieStore().removeAll();
	}

	/** A page visit: sends this browser's cookies for {@code uri} and keeps the ones the answer sets. */
	Response get(URI uri) throws IOException {
		HttpURLConnection connection = open(uri);
		connection.setRequestProperty("Accept", "text/html");
		for (Map.Entry<String, List<String>> header : this.cookies.get(uri, Map.of()).entrySet()) {
			if (!header.getValue().isEmpty()) {
				connection.setRequestProperty(header.getKey(), String.join("; ", header.getValue()));
			}
		}
		Response response = Response.read(connection);
		this.cookies.put(uri, connection.getHeaderFields());
		return response;
	}

	/** A back-channel form post (a client at the token endpoint): no cookies. */
	static Response post(URI uri, String form, String authorization) throws IOException {
		HttpURLConnection connection = open(uri);
		connection.setRequestMethod("POST");
		connection.setDoOutput(true);
		connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
		connection.setRequestProperty("Accept", "application/json");
		if (authorization != null) {
			connection.setRequestProperty("Authorization", authorization);
		}
		byte[] body = form.getBytes(StandardCharsets.UTF_8);
		connection.setFixedLengthStreamingMode(body.length);
		connection.getOutputStream().write(body);
		return Response.read(connection);
	}

	private static HttpURLConnection open(URI uri) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
		connection.setInstanceFollowRedirects(false);
		connection.setUseCaches(false);
		connection.setConnectTimeout(5_000);
		connection.setReadTimeout(TIMEOUT_MILLIS);
		return connection;
	}

	record Response(URI uri, int status, String location, String body) {

		/** Reads the whole body, which hands the connection back for reuse. */
		static Response read(HttpURLConnection connection) throws IOException {
			int status = connection.getResponseCode();
			InputStream stream = (status >= 400) ? connection.getErrorStream() : connection.getInputStream();
			String body = "";
			if (stream != null) {
				try (stream) {
					body = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
				}
			}
			URI uri = URI.create(connection.getURL().toString());
			return new Response(uri, status, connection.getHeaderField("Location"), body);
		}

		Response expectOk() {
			if (this.status / 100 != 2) {
				throw new IllegalStateException(this.status + " " + this.uri.getPath() + " "
						+ ((this.body.length() > 200) ? this.body.substring(0, 200) : this.body));
			}
			return this;
		}

	}

}
