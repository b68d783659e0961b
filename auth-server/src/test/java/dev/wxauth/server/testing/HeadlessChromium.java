package dev.wxauth.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real browser for the pages people use: Debian's {@code chromium}, headless, driven over the Chrome DevTools
 * Protocol on a WebSocket with the JDK's own client (no WebDriver, nothing downloaded). One process per test class
 * ({@link #start()}, {@link #close()}); each {@link #newWindow} is a fresh browser context, so a test starts without
 * cookies. The build installs chromium and the CJK fonts when they are missing ({@code scripts/ensure-browser}).
 */
public final class HeadlessChromium implements AutoCloseable {

	/** Where every test run leaves its screenshots, for a person to review. */
	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path profile;

	private final WebSocket socket;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	/** Each window's event listeners, by session; called one at a time, off the socket's thread, so they may send. */
	private final Map<String, List<BiConsumer<String, JsonNode>>> listeners = new ConcurrentHashMap<>();

	private final ExecutorService events = Executors.newSingleThreadExecutor();

	private HeadlessChromium(Process process, Path profile, WebSocket socket) {
		this.process = process;
		this.profile = profile;
		this.socket = socket;
	}

	/** Starts chromium; fails with what to install when it is missing. */
	public static HeadlessChromium start() {
		String binary = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser")
			.filter((path) -> Files.isExecutable(Path.of(path)))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"No chromium: `make test` installs it (scripts/ensure-browser), or apt-get install chromium fonts-noto-cjk"));
		try {
			Path profile = Files.createTempDirectory("wxauth-chromium");
			Process process = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu",
					"--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--hide-scrollbars", "--remote-debugging-port=0",
					// loopback only: a name elsewhere (WeChat's avatar host) fails at once rather than at a timeout
					"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1", "--user-data-dir=" + profile, "about:blank")
				.redirectErrorStream(true)
				.redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
				.start();
			Path activePort = profile.resolve("DevToolsActivePort");
			Instant deadline = Instant.now().plus(TIMEOUT);
			while (!Files.exists(activePort) || Files.readAllLines(activePort).size() < 2) {
				if (!process.isAlive() || Instant.now().isAfter(deadline)) {
					process.destroyForcibly();
					throw new IllegalStateException("chromium did not start: see " + profile + ".log");
				}
				Thread.sleep(25);
			}
			List<String> lines = Files.readAllLines(activePort);
			URI endpoint = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
			Messages messages = new Messages();
			WebSocket socket = HttpClient.newHttpClient()
				.newWebSocketBuilder()
				.buildAsync(endpoint, messages)
				.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			HeadlessChromium browser = new HeadlessChromium(process, profile, socket);
			messages.browser = browser;
			return browser;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException | ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("chromium's DevTools endpoint did not answer", ex);
		}
	}

	/**
	 * A new window in a context of its own (no cookies, no cache shared with any other window).
	 * @param width the viewport's CSS width
	 * @param height the viewport's CSS height
	 * @param mobile whether it is a phone's screen (a touch device; the viewport meta tag applies)
	 * @param userAgent the browser's User-Agent
	 * @param acceptLanguage the browser's {@code Accept-Language}
	 */
	public Window newWindow(int width, int height, boolean mobile, String userAgent, String acceptLanguage) {
		String context = send(null, "Target.createBrowserContext", json.createObjectNode()).get("browserContextId")
			.asString();
		String target = send(null, "Target.createTarget",
				json.createObjectNode().put("url", "about:blank").put("browserContextId", context))
			.get("targetId")
			.asString();
		String session = send(null, "Target.attachToTarget",
				json.createObjectNode().put("targetId", target).put("flatten", true))
			.get("sessionId")
			.asString();
		Window window = new Window(context, session);
		window.command("Emulation.setDeviceMetricsOverride", json.createObjectNode()
			.put("width", width)
			.put("height", height)
			.put("deviceScaleFactor", 1)
			.put("mobile", mobile));
		window.command("Emulation.setTouchEmulationEnabled", json.createObjectNode().put("enabled", mobile));
		window.command("Emulation.setUserAgentOverride",
				json.createObjectNode().put("userAgent", userAgent).put("acceptLanguage", acceptLanguage));
		return window;
	}

	JsonNode send(String session, String method, ObjectNode parameters) {
		long id = this.ids.incrementAndGet();
		ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
		message.set("params", parameters);
		if (session != null) {
			message.put("sessionId", session);
		}
		CompletableFuture<JsonNode> answer = new CompletableFuture<>();
		this.pending.put(id, answer);
		synchronized (this.socket) {
			this.socket.sendText(json.writeValueAsString(message), true).join();
		}
		try {
			JsonNode result = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			if (result.has("error")) {
				throw new IllegalStateException(method + ": " + result.get("error"));
			}
			return result.get("result");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(method + " got no answer", ex);
		}
		finally {
			this.pending.remove(id);
		}
	}

	private void received(String text) {
		JsonNode message = json.readTree(text);
		if (message.has("method") && message.has("sessionId")) {
			List<BiConsumer<String, JsonNode>> listening = this.listeners.get(message.get("sessionId").asString());
			if (listening != null) {
				String method = message.get("method").asString();
				JsonNode parameters = message.get("params");
				this.events.execute(() -> listening.forEach((listener) -> listener.accept(method, parameters)));
			}
		}
		else if (message.has("id")) {
			CompletableFuture<JsonNode> answer = this.pending.get(message.get("id").asLong());
			if (answer != null) {
				answer.complete(message);
			}
		}
	}

	@Override
	public void close() {
		try {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			// the process goes in any case
		}
		this.events.shutdownNow();
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

	/** One page's window: navigate, read and act as a person would, and take its picture. */
	public final class Window implements AutoCloseable {

		private final String context;

		private final String session;

		private Window(String context, String session) {
			this.context = context;
			this.session = session;
		}

		JsonNode command(String method, ObjectNode parameters) {
			return send(this.session, method, parameters);
		}

		/**
		 * Answers every request to a URL starting with {@code prefix} with an empty page of its own, without the
		 * network: where a client's redirect URI leads. The URLs asked for are added to the list returned, in order.
		 */
		public List<String> answerLocally(String prefix) {
			List<String> asked = new CopyOnWriteArrayList<>();
			HeadlessChromium.this.listeners.computeIfAbsent(this.session, (key) -> new CopyOnWriteArrayList<>())
				.add((method, parameters) -> {
					if (method.equals("Fetch.requestPaused")) {
						asked.add(parameters.get("request").get("url").asString());
						command("Fetch.fulfillRequest", json.createObjectNode()
							.put("requestId", parameters.get("requestId").asString())
							.put("responseCode", 200)
							.put("body", java.util.Base64.getEncoder()
								.encodeToString("<!doctype html><title>client</title>".getBytes())));
					}
				});
			ObjectNode parameters = json.createObjectNode();
			parameters.putArray("patterns").addObject().put("urlPattern", prefix + "*");
			command("Fetch.enable", parameters);
			return asked;
		}

		/** Opens {@code url} and waits until it (and any redirect) has loaded. */
		public Window open(String url) {
			JsonNode navigated = command("Page.navigate", json.createObjectNode().put("url", url));
			if (navigated.has("errorText")) {
				throw new IllegalStateException("Could not open " + url + ": " + navigated.get("errorText"));
			}
			return awaitLoaded();
		}

		/** The value of a JavaScript expression evaluated in the page (a promise is awaited). */
		public JsonNode evaluate(String expression) {
			JsonNode result = command("Runtime.evaluate", json.createObjectNode()
				.put("expression", expression)
				.put("returnByValue", true)
				.put("awaitPromise", true));
			if (result.has("exceptionDetails")) {
				throw new IllegalStateException(expression + ": " + result.get("exceptionDetails"));
			}
			JsonNode value = result.get("result").get("value");
			return (value != null) ? value : json.nullNode();
		}

		public String text(String selector) {
			return evaluate("(document.querySelector(" + quoted(selector) + ")||{}).innerText||null").asString(null);
		}

		public boolean has(String selector) {
			return evaluate("document.querySelector(" + quoted(selector) + ") !== null").asBoolean();
		}

		public String url() {
			return evaluate("location.href").asString();
		}

		/** Clicks the element as a person's pointer would, and waits for the page it leads to. */
		public Window clickAndWait(String selector) {
			return whileLeaving(() -> click(selector));
		}

		/** Clicks the element in its centre with the mouse (it must be visible). */
		public Window click(String selector) {
			JsonNode box = evaluate("(() => { const e = document.querySelector(" + quoted(selector) + ");"
					+ " if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
					+ " return {x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, h: r.height}; })()");
			if (box.isNull() || box.get("w").asDouble() == 0) {
				throw new IllegalStateException("Nothing visible to click at " + selector + " on " + url());
			}
			for (String type : List.of("mousePressed", "mouseReleased")) {
				command("Input.dispatchMouseEvent", json.createObjectNode()
					.put("type", type)
					.put("x", box.get("x").asDouble())
					.put("y", box.get("y").asDouble())
					.put("button", "left")
					.put("clickCount", 1));
			}
			return this;
		}

		/** Presses a key as the keyboard would: {@code Tab}, {@code Enter} or a space. */
		public Window press(String key) {
			Map<String, Integer> codes = Map.of("Tab", 9, "Enter", 13, " ", 32);
			Integer code = codes.get(key);
			if (code == null) {
				throw new IllegalArgumentException(key);
			}
			for (String type : List.of("keyDown", "keyUp")) {
				ObjectNode event = json.createObjectNode()
					.put("type", type)
					.put("key", key)
					.put("code", key.equals(" ") ? "Space" : key)
					.put("windowsVirtualKeyCode", code);
				if (type.equals("keyDown") && !key.equals("Tab")) {
					event.put("text", key.equals("Enter") ? "\r" : key);
				}
				command("Input.dispatchKeyEvent", event);
			}
			return this;
		}

		/** Runs {@code action}, which leaves the page, and waits until the next page has loaded. */
		public Window whileLeaving(Runnable action) {
			evaluate("window.__wxauthLeaving = true");
			action.run();
			return awaitLoaded();
		}

		private Window awaitLoaded() {
			Instant deadline = Instant.now().plus(TIMEOUT);
			while (Instant.now().isBefore(deadline)) {
				try {
					if (evaluate("window.__wxauthLeaving !== true && document.readyState === 'complete'")
						.asBoolean()) {
						return this;
					}
				}
				catch (IllegalStateException ex) {
					// the page went away between two questions: ask the next one
				}
				sleep();
			}
			throw new IllegalStateException("The page did not load: " + url());
		}

		/**
		 * Saves a picture of the whole page as {@code target/screenshots/<name>.png}.
		 * @return the file
		 */
		public Path screenshot(String name) {
			JsonNode picture = command("Page.captureScreenshot",
					json.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
			try {
				Files.createDirectories(SCREENSHOTS);
				Path file = SCREENSHOTS.resolve(name + ".png");
				Files.write(file, java.util.Base64.getDecoder().decode(picture.get("data").asString()));
				return file;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** The cookies the window would send to {@code url}: their values by name. */
		public Map<String, String> cookies(String url) {
			ObjectNode parameters = json.createObjectNode();
			parameters.putArray("urls").add(url);
			Map<String, String> cookies = new java.util.LinkedHashMap<>();
			command("Network.getCookies", parameters).get("cookies")
				.forEach((cookie) -> cookies.put(cookie.get("name").asString(), cookie.get("value").asString()));
			return cookies;
		}

		@Override
		public void close() {
			HeadlessChromium.this.listeners.remove(this.session);
			send(null, "Target.disposeBrowserContext", json.createObjectNode().put("browserContextId", this.context));
		}

	}

	private static String quoted(String text) {
		return json.writeValueAsString(text);
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Reassembles DevTools' messages (a long one arrives in parts) and hands each to the browser. */
	private static final class Messages implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		private volatile HeadlessChromium browser;

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				String text = this.partial.toString();
				this.partial.setLength(0);
				if (this.browser != null) {
					this.browser.received(text);
				}
			}
			socket.request(1);
			return null;
		}

	}

}
