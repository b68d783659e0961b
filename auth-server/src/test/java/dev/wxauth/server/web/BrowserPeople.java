package dev.wxauth.server.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.HeadlessChromium;
import dev.wxauth.server.testing.HeadlessChromium.Window;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * People at our pages in a real browser, for a test class's static field
 * ({@code @RegisterExtension static final BrowserPeople people = new BrowserPeople();}): one headless chromium for
 * the class, a window of its own (no cookies shared) for each person, closed after each test; and what a person does
 * on WeChat's pages, through the emulator.
 */
final class BrowserPeople implements AfterEachCallback, AfterAllCallback {

	static final String CHINESE = "zh-CN,zh;q=0.9";

	static final String ENGLISH = "en-US,en;q=0.9";

	private HeadlessChromium chromium;

	private final List<Window> windows = new ArrayList<>();

	/** A phone inside WeChat's browser: its official account signs the person in. */
	Window phoneInWeChat(String acceptLanguage) {
		return window(390, 844, true, Browser.WECHAT, acceptLanguage);
	}

	Window desktop(String acceptLanguage) {
		return window(1280, 900, false, Browser.DESKTOP, acceptLanguage);
	}

	private synchronized Window window(int width, int height, boolean mobile, String userAgent, String language) {
		if (this.chromium == null) {
			this.chromium = HeadlessChromium.start();
		}
		Window window = this.chromium.newWindow(width, height, mobile, userAgent, language);
		this.windows.add(window);
		return window;
	}

	/** A person of their own for each test: the emulator makes up {@code load-<n>} users on the spot. */
	static String newPerson() {
		return "load-" + ThreadLocalRandom.current().nextInt(8_000_000, 10_000_000);
	}

	/**
	 * Signs in on WeChat's page as {@code user} would, from wherever a sign-in began: inside WeChat its authorize page
	 * comes at once; on a desktop, our QR page's link leads there.
	 */
	static Window signIn(Window window, String user, WeChatLoginFixture fixture) {
		if (window.url().startsWith(fixture.issuer() + "/login")) {
			window.clickAndWait("main p a");
		}
		assertThat(window.url()).as("WeChat's page").startsWith(fixture.wechat().baseUrl());
		// the person picks themselves on WeChat's page: the emulator's mock_user, before WeChat's #wechat_redirect
		String page = window.url().replaceFirst("#.*", "");
		return window.open(page + "&mock_user=" + user);
	}

	/** The person authorizes a client in this browser; its code is redeemed as the client would. */
	static JsonNode authorize(Window window, OidcTestClient client, String scope) {
		List<String> redirects = window.answerLocally(client.redirectUri());
		window.open(client.authorizationUrl(scope));
		assertThat(redirects).as("the client's redirect").isNotEmpty();
		Map<String, String> answer = parameters(URI.create(redirects.getLast()));
		Http.Response tokens = client.redeem(answer.get("code"));
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		return tokens.json();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.windows.forEach(Window::close);
		this.windows.clear();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.chromium != null) {
			this.chromium.close();
			this.chromium = null;
		}
	}

}
