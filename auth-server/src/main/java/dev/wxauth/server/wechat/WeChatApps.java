package dev.wxauth.server.wechat;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

/**
 * Our WeChat apps, from {@code wxauth.wechat.apps}, and which of them a registered client is bound to.
 */
public final class WeChatApps {

	/** Client setting naming the entry of {@code wxauth.wechat.apps} a client is bound to. */
	public static final String CLIENT_SETTING = "settings.client.wxauth.wechat-app";

	private final List<WeChatApp> apps;

	public WeChatApps(WeChatProperties settings) {
		Assert.notNull(settings, "settings cannot be null");
		this.apps = settings.apps()
			.entrySet()
			.stream()
			.map((entry) -> new WeChatApp(entry.getKey(), entry.getValue().kind(), entry.getValue().appid(),
					entry.getValue().secret(), entry.getValue().scope()))
			.sorted(Comparator.comparing(WeChatApp::name))
			.toList();
	}

	public List<WeChatApp> all() {
		return this.apps;
	}

	public Optional<WeChatApp> byName(String name) {
		return this.apps.stream().filter((app) -> app.name().equals(name)).findFirst();
	}

	/** The first app of that kind, by name: the one {@code /login} uses. */
	public Optional<WeChatApp> firstOfKind(AppKind kind) {
		return this.apps.stream().filter((app) -> app.kind() == kind).findFirst();
	}

	/** The configured app of that kind the client is bound to ({@link #CLIENT_SETTING}), if any. */
	public Optional<WeChatApp> boundTo(RegisteredClient client, AppKind kind) {
		Assert.notNull(client, "client cannot be null");
		String name = boundAppName(client);
		return (name != null) ? byName(name).filter((app) -> app.kind() == kind) : Optional.empty();
	}

	/** @return the name of the WeChat app the client is bound to, or {@code null} */
	public static @Nullable String boundAppName(RegisteredClient client) {
		Object app = client.getClientSettings().getSetting(CLIENT_SETTING);
		return (app instanceof String name && !name.isBlank()) ? name : null;
	}

}
