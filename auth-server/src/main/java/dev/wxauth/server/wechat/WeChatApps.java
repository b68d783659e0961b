package dev.wxauth.server.wechat;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.wxauth.server.config.WxauthProperties;
import dev.wxauth.server.config.WxauthProperties.AppKind;

import org.springframework.util.Assert;

/**
 * Our WeChat apps, from {@code wxauth.wechat.apps}.
 */
public final class WeChatApps {

	private final List<WeChatApp> apps;

	public WeChatApps(WxauthProperties.WeChat settings) {
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

}
