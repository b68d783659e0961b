package dev.wxauth.emulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The configured apps and test users, looked up by appid and user id. What an app's admin can change on WeChat's
 * platform (reset or freeze the AppSecret, the IP allow-list) can be changed here too, until the next reset.
 */
@Component
final class Directory implements Resettable {

	private final Map<String, WeChatApp> configuredApps;

	private final Map<String, WeChatApp> apps = new ConcurrentHashMap<>();

	private final Map<String, TestUser> users;

	Directory(EmulatorProperties properties) {
		Assert.notNull(properties, "properties cannot be null");
		Map<String, WeChatApp> apps = new LinkedHashMap<>();
		properties.apps()
			.forEach((appid, app) -> apps.put(appid, new WeChatApp(appid, app.secret(), app.kind(),
					app.openPlatformAccount(), app.callbackDomains(), false, List.of(), push(app))));
		Map<String, TestUser> users = new LinkedHashMap<>();
		properties.users()
			.forEach((id, user) -> users.put(id,
					new TestUser(id, user.nickname(), user.sex(), user.province(), user.city(), user.country(),
							user.headimgurl(), user.phoneNumber(), user.countryCode(), user.snapshot())));
		this.configuredApps = Map.copyOf(apps);
		this.apps.putAll(this.configuredApps);
		this.users = Collections.unmodifiableMap(users);
	}

	private static WeChatApp.Push push(EmulatorProperties.App app) {
		return (StringUtils.hasText(app.pushUrl()) && StringUtils.hasText(app.pushToken()))
				? new WeChatApp.Push(app.pushUrl(), app.pushToken(),
						StringUtils.hasText(app.encodingAesKey()) ? app.encodingAesKey() : null)
				: null;
	}

	/**
	 * Changes an app as its admin would on WeChat's platform.
	 * @return the app changed, empty when there is no such app
	 */
	Optional<WeChatApp> change(String appid, UnaryOperator<WeChatApp> change) {
		return Optional.ofNullable((appid != null) ? this.apps.computeIfPresent(appid, (id, app) -> change.apply(app))
				: null);
	}

	@Override
	public void reset() {
		this.apps.putAll(this.configuredApps);
	}

	Optional<WeChatApp> app(String appid) {
		return Optional.ofNullable((appid != null) ? this.apps.get(appid) : null);
	}

	Optional<TestUser> user(String id) {
		if (id != null && LOAD_USER.matcher(id).matches() && !this.users.containsKey(id)) {
			return Optional.of(loadUser(id));
		}
		return Optional.ofNullable((id != null) ? this.users.get(id) : null);
	}

	/**
	 * Benchmarks and tests need many distinct people: any id {@code load-<n>} is a user, made up on the spot, never
	 * listed on the authorize page, with a phone number of their own ({@code 199} and {@code n} in eight digits).
	 */
	static final java.util.regex.Pattern LOAD_USER = java.util.regex.Pattern.compile("load-[0-9]{1,7}");

	private static TestUser loadUser(String id) {
		return new TestUser(id, "压测用户 " + id, 0, "", "", "CN", "https://thirdwx.qlogo.cn/mmopen/vi_32/" + id + "/132",
				"199%08d".formatted(Long.parseLong(id.substring("load-".length()))), 86, false);
	}

	/** In configuration order, as the authorize page lists them. */
	List<TestUser> users() {
		return List.copyOf(this.users.values());
	}

}
