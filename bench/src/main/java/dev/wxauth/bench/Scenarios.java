package dev.wxauth.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The scenarios of {@code make bench} that wrk cannot drive (it keeps no cookies and follows no redirects), against
 * the dev-mode clients and the WeChat emulator's apps. The single-request scenarios are {@code bench/wrk/scenario.lua}.
 */
final class Scenarios {

	static final String WEB_REDIRECT_URI = "http://localhost:8080/login/oauth2/code/wxauth";

	/** Distinct people the load is spread over (the emulator makes up load-0 .. load-N). */
	static final int USERS = 5000;

	private Scenarios() {
	}

	/**
	 * @param firstPerson the number of the first load user ({@code load-<n>})
	 * @param people how many distinct load users the logins cycle through
	 */
	static Scenario named(String name, LoadDriver.Targets targets, int firstPerson, int people) {
		return switch (name) {
			case "web-login" -> new WebLogins(targets, firstPerson, people);
			default -> throw new IllegalArgumentException("Unknown scenario " + name);
		};
	}

	/**
	 * The whole browser login of the demo web app, with cookies, following every redirect: authorize → WeChat's QR
	 * page (the emulator approves as a load user) → our callback → authorize → the app's redirect URI; then the app
	 * redeems the code.
	 */
	static final class WebLogins implements Scenario {

		private final LoadDriver.Targets targets;

		private final AtomicInteger logins = new AtomicInteger();

		private final int firstPerson;

		private final int people;

		WebLogins(LoadDriver.Targets targets, int firstPerson, int people) {
			this.targets = targets;
			this.firstPerson = firstPerson;
			this.people = people;
		}

		@Override
		public Operation operation(int worker) {
			// one browser per worker, its cookies cleared before each login: a fresh session every time, over
			// kept-alive connections as a browser would
			BlockingBrowser browser = new BlockingBrowser();
			URI tokenEndpoint = URI.create(this.targets.auth() + "/oauth2/token");
			return () -> {
				browser.forgetCookies();
				String user = "load-" + (this.firstPerson + this.logins.getAndIncrement() % this.people);
				String verifier = "verifier-" + worker + "-" + System.nanoTime() + "-0123456789abcdefghijklmnop";
				URI uri = URI.create(this.targets.auth() + "/oauth2/authorize?response_type=code&client_id=demo-web"
						+ "&scope=openid%20profile&state=s" + worker + "&nonce=n" + worker + "&redirect_uri="
						+ encode(WEB_REDIRECT_URI) + "&code_challenge_method=S256&code_challenge=" + challenge(verifier));
				for (int hop = 0; hop < 12; hop++) {
					if (uri.toString().startsWith(WEB_REDIRECT_URI)) {
						String code = query(uri).get("code");
						if (code == null) {
							throw new IllegalStateException("no code in " + uri);
						}
						BlockingBrowser.post(tokenEndpoint,
								form("grant_type", "authorization_code", "code", code, "redirect_uri", WEB_REDIRECT_URI,
										"code_verifier", verifier),
								basic("demo-web", "demo-web-secret"))
							.expectOk();
						return;
					}
					if (uri.toString().startsWith(this.targets.emulator() + "/connect/")) {
						uri = URI.create(uri + "&mock_user=" + user);
					}
					BlockingBrowser.Response response = browser.get(uri);
					if (response.status() / 100 != 3 || response.location() == null) {
						throw new IllegalStateException(response.status() + " at " + uri);
					}
					String next = uri.resolve(response.location()).toString();
					int fragment = next.indexOf('#');
					uri = URI.create((fragment >= 0) ? next.substring(0, fragment) : next);
				}
				throw new IllegalStateException("too many redirects");
			};
		}

	}

	static String form(String... keyValues) {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i < keyValues.length; i += 2) {
			form.append(i == 0 ? "" : "&").append(encode(keyValues[i])).append('=').append(encode(keyValues[i + 1]));
		}
		return form.toString();
	}

	static String basic(String clientId, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	static String challenge(String verifier) throws java.security.NoSuchAlgorithmException {
		byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	static Map<String, String> query(URI uri) {
		return java.util.Arrays.stream(uri.getRawQuery().split("&"))
			.map((pair) -> pair.split("=", 2))
			.collect(Collectors.toMap((pair) -> pair[0],
					(pair) -> java.net.URLDecoder.decode(pair.length > 1 ? pair[1] : "", StandardCharsets.UTF_8), (a, b) -> a));
	}

}
