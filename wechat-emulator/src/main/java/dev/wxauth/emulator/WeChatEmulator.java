package dev.wxauth.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.Assert;

/**
 * A running WeChat emulator, for tests and for other modules' dev mode: start it, point the WeChat client's hosts
 * at {@link #baseUrl()}, close it.
 *
 * <pre>{@code
 * try (WeChatEmulator wechat = WeChatEmulator.start()) {
 *     String code = wechat.mintJsCode("wxd0000000000000a3", "alice");
 *     // call wechat.baseUrl() + "/sns/jscode2session?..."
 * }
 * }</pre>
 *
 * The Java methods mirror the HTTP controls under {@code /emulator/}; unknown apps and users are
 * {@link IllegalArgumentException}s. Thread-safe.
 */
public final class WeChatEmulator implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final String baseUrl;

	private WeChatEmulator(ConfigurableApplicationContext context) {
		this.context = context;
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.baseUrl = "http://localhost:" + port;
	}

	/**
	 * Starts an emulator in this JVM, on a random free port unless {@code --server.port=} is given.
	 *
	 * @param extraSpringArgs command-line style arguments ({@code --emulator.timeout-fault-delay=1s})
	 * @return the running emulator
	 */
	public static WeChatEmulator start(String... extraSpringArgs) {
		Assert.notNull(extraSpringArgs, "extraSpringArgs cannot be null");
		Assert.noNullElements(extraSpringArgs, "extraSpringArgs cannot contain null");
		List<String> args = new ArrayList<>();
		if (Arrays.stream(extraSpringArgs).noneMatch((arg) -> arg.startsWith("--server.port="))) {
			args.add("--server.port=0");
		}
		args.addAll(Arrays.asList(extraSpringArgs));
		return new WeChatEmulator(WeChatEmulatorApplication.application().run(args.toArray(String[]::new)));
	}

	/** Where both hosts are served, e.g. {@code http://localhost:51234}, without a trailing slash. */
	public String baseUrl() {
		return this.baseUrl;
	}

	/** Makes the next {@code count} calls to {@code path} (e.g. {@code /sns/oauth2/access_token}) suffer the fault. */
	public void injectFault(String path, Fault fault, int count) {
		this.context.getBean(Faults.class).inject(path, fault, count);
	}

	/** Drops every fault still waiting. */
	public void clearFaults() {
		this.context.getBean(Faults.class).clear();
	}

	/** The calls {@code path} has received since start or the last {@link #reset()}, faulted ones included. */
	public int calls(String path) {
		Assert.hasText(path, "path cannot be empty");
		return this.context.getBean(CallCounter.class).calls(path);
	}

	/** A {@code wx.login} code of a mini-program, for {@code sns/jscode2session}. */
	public String mintJsCode(String appid, String user) {
		return this.context.getBean(IssuedCodes.class).mintJsCode(appid, user);
	}

	/** A {@code getPhoneNumber} code of a mini-program, for {@code wxa/business/getuserphonenumber}. */
	public String mintPhoneCode(String appid, String user) {
		return this.context.getBean(IssuedCodes.class).mintPhoneCode(appid, user);
	}

	/** A mobile app's Open SDK code ({@code snsapi_userinfo}), for {@code sns/oauth2/access_token}. */
	public String mintAppCode(String appid, String user) {
		return this.context.getBean(IssuedCodes.class).mintAppCode(appid, user);
	}

	/** Resets the app's AppSecret, as its admin would on WeChat's platform: the old one stops working at once. */
	public void resetSecret(String appid, String newSecret) {
		Assert.hasText(newSecret, "newSecret cannot be empty");
		changeApp(appid, (app) -> app.withSecret(newSecret));
	}

	/** Freezes or unfreezes the app's AppSecret: while frozen, every call presenting it gets 40243. */
	public void freezeSecret(String appid, boolean frozen) {
		changeApp(appid, (app) -> app.withSecretFrozen(frozen));
	}

	/** The addresses the app's access token may be fetched from (40164 for others); none: any. */
	public void allowIps(String appid, String... addresses) {
		changeApp(appid, (app) -> app.withAllowedIps(List.of(addresses)));
	}

	/**
	 * Sets the app's message push as its console would: WeChat pushes its events about the app's people to
	 * {@code url}, signed with {@code token}, and in safe mode encrypted under {@code encodingAesKey}
	 * ({@code null}: plaintext only).
	 */
	public void configurePush(String appid, String url, String token, String encodingAesKey) {
		WeChatApp.Push push = new WeChatApp.Push(url, token, encodingAesKey);
		changeApp(appid, (app) -> app.withPush(push));
	}

	/** Pushes an event about a person to the app's push URL, and says what the server answered. */
	public PushReply push(PushRequest request) {
		Assert.notNull(request, "request cannot be null");
		return this.context.getBean(PushSender.class).push(request);
	}

	/** WeChat's check of the app's push URL, as when it is set in the console. */
	public PushReply verifyPushUrl(String appid) {
		return this.context.getBean(PushSender.class).verifyUrl(appid, false);
	}

	/** {@link #verifyPushUrl(String)} signed with another token. */
	public PushReply verifyPushUrlForged(String appid) {
		return this.context.getBean(PushSender.class).verifyUrl(appid, true);
	}

	private void changeApp(String appid, java.util.function.UnaryOperator<WeChatApp> change) {
		this.context.getBean(Directory.class)
			.change(appid, change)
			.orElseThrow(() -> new IllegalArgumentException("No app " + appid));
	}

	/** Forgets codes, tokens, faults and call counts, and undoes changes to apps. */
	public void reset() {
		this.context.getBean(EmulatorReset.class).reset();
	}

	/**
	 * The openid {@code user} has at {@code appid}. A snapshot-page user authorized with {@code snsapi_userinfo}
	 * gets a virtual one instead.
	 */
	public String openid(String appid, String user) {
		return Identity.openid(app(appid).appid(), user(user).id());
	}

	/** The unionid {@code user} has at {@code appid}, or {@code null} when the app has no Open Platform account. */
	public String unionid(String appid, String user) {
		WeChatApp app = app(appid);
		TestUser testUser = user(user);
		return app.hasOpenPlatformAccount() ? Identity.unionid(app.openPlatformAccount(), testUser.id()) : null;
	}

	@Override
	public void close() {
		this.context.close();
	}

	private WeChatApp app(String appid) {
		return this.context.getBean(Directory.class)
			.app(appid)
			.orElseThrow(() -> new IllegalArgumentException("unknown appid " + appid));
	}

	private TestUser user(String user) {
		return this.context.getBean(Directory.class)
			.user(user)
			.orElseThrow(() -> new IllegalArgumentException("unknown user " + user));
	}

}
