package dev.wxauth.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.CookieStore;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A scripted browser: keeps cookies, follows redirects one by one (recording each hop), drops URL fragments as
 * browsers do, and stops at a 200 page or at a URL the test names (a client's redirect URI).
 */
public final class Browser {

	public static final String DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36";

	public static final String WECHAT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
			+ " (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN";

	private final HttpClient client;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final String userAgent;

	private String acceptLanguage = "en";

	private Consumer<HttpResponse<String>> onEachResponse = (response) -> {
	};

	private Function<URI, URI> beforeEachRequest = Function.identity();

	public Browser(String userAgent) {
		this.userAgent = userAgent;
		this.client = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	public Browser acceptLanguage(String acceptLanguage) {
		this.acceptLanguage = acceptLanguage;
		return this;
	}

	/** Lets a test act as the person, for example by adding the emulator's {@code mock_user} to WeChat's pages. */
	/** Shows every answer this browser receives to {@code observer}, as it arrives: which server sent it, say. */
	public Browser onEachResponse(Consumer<HttpResponse<String>> observer) {
		this.onEachResponse = observer;
		return this;
	}

	public Browser beforeEachRequest(Function<URI, URI> rewrite) {
		this.beforeEachRequest = rewrite;
		return this;
	}

	/**
	 * Another browser holding this one's cookies as they are now, then going its own way: a second tab, or this
	 * browser as it stays when it abandons a request before the answer (and its cookies) arrive.
	 */
	public Browser copy() {
		Browser copy = new Browser(this.userAgent).acceptLanguage(this.acceptLanguage)
			.beforeEachRequest(this.beforeEachRequest);
		CookieStore store = this.cookies.getCookieStore();
		store.getURIs()
			.forEach((site) -> store.get(site)
				.forEach((cookie) -> copy.cookies.getCookieStore().add(site, (HttpCookie) cookie.clone())));
		return copy;
	}

	/** The value of a cookie this browser holds, from any site. */
	public Optional<String> cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst();
	}

	/** Follows redirects from {@code url} until a non-redirect answer or a URL that {@code stopAt} accepts. */
	public Visit open(String url, Predicate<URI> stopAt) {
		List<URI> hops = new ArrayList<>();
		URI uri = withoutFragment(URI.create(url));
		for (int i = 0; i < 20; i++) {
			hops.add(uri);
			if (stopAt.test(uri)) {
				return new Visit(hops, null);
			}
			HttpResponse<String> response = get(this.beforeEachRequest.apply(uri));
			if (response.statusCode() / 100 != 3) {
				return new Visit(hops, response);
			}
			uri = withoutFragment(uri.resolve(response.headers().firstValue("Location").orElseThrow()));
		}
		throw new IllegalStateException("Too many redirects: " + hops);
	}

	/** Submits a form the way a browser does, then follows redirects like {@link #open}. */
	public Visit post(String url, Map<String, String> form, Predicate<URI> stopAt) {
		return submit(url, List.copyOf(form.entrySet()), stopAt);
	}

	/** Submits a form's fields in their order, a name as often as the form has it; then like {@link #post}. */
	public Visit submit(String url, List<Map.Entry<String, String>> fields, Predicate<URI> stopAt) {
		String body = fields.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		if (response.statusCode() / 100 != 3) {
			return new Visit(List.of(URI.create(url)), response);
		}
		return open(URI.create(url).resolve(response.headers().firstValue("Location").orElseThrow()).toString(), stopAt);
	}

	private HttpResponse<String> get(URI uri) {
		return send(HttpRequest.newBuilder(uri).GET());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.header("User-Agent", this.userAgent)
				.header("Accept", "text/html,application/xhtml+xml")
				.header("Accept-Language", this.acceptLanguage)
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			this.onEachResponse.accept(response);
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static URI withoutFragment(URI uri) {
		String text = uri.toString();
		int hash = text.indexOf('#');
		return (hash >= 0) ? URI.create(text.substring(0, hash)) : uri;
	}

	/**
	 * Where a navigation went.
	 * @param hops every URL requested, in order; the last one is where it stopped
	 * @param page the final answer, or {@code null} when it stopped at a URL the test named
	 */
	public record Visit(List<URI> hops, HttpResponse<String> page) {

		public URI last() {
			return this.hops.getLast();
		}

		public boolean visited(Predicate<URI> matcher) {
			return this.hops.stream().anyMatch(matcher);
		}

	}

}
