package dev.wxauth.server.testing;

import java.net.URI;

import dev.wxauth.emulator.WeChatEmulator;

/**
 * The WeChat emulator for tests, one per JVM, on a random port. Its timeout fault outlasts the auth server's
 * WeChat timeout in tests ({@link #CLIENT_TIMEOUT}) so that a timeout is a timeout.
 */
public final class TestWeChat {

	public static final String CLIENT_TIMEOUT = "2s";

	private static WeChatEmulator emulator;

	private TestWeChat() {
	}

	public static synchronized WeChatEmulator emulator() {
		if (emulator == null) {
			emulator = WeChatEmulator.start("--emulator.timeout-fault-delay=4s");
		}
		return emulator;
	}

	/**
	 * A browser whose person approves on WeChat's (the emulator's) authorize pages as {@code user}, or denies
	 * with {@code "deny"}.
	 */
	public static Browser person(String user, String userAgent) {
		String decision = user.equals("deny") ? "mock_action=deny" : "mock_user=" + user;
		String weChatPages = emulator().baseUrl() + "/connect/";
		return new Browser(userAgent).beforeEachRequest((uri) -> uri.toString().startsWith(weChatPages)
				? URI.create(uri + ((uri.getQuery() == null) ? "?" : "&") + decision) : uri);
	}

	/** Properties that point an auth server at the emulator. */
	public static String[] springProperties() {
		String baseUrl = emulator().baseUrl();
		return new String[] { "wxauth.wechat.open-base-url=" + baseUrl, "wxauth.wechat.api-base-url=" + baseUrl,
				"wxauth.wechat.timeout=" + CLIENT_TIMEOUT };
	}

}
