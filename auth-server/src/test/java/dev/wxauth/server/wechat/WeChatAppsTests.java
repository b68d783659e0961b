package dev.wxauth.server.wechat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link WeChatApps}' lookups that need no database: the apps of the environment. */
class WeChatAppsTests {

	final WeChatApps apps = new WeChatApps(new WeChatProperties(URI.create("https://open.weixin.qq.com"),
			URI.create("https://api.weixin.qq.com"), Duration.ofSeconds(5), false, Duration.ofDays(1),
			Map.of("mini-program", new WeChatProperties.App(AppKind.MINI_PROGRAM, "wx-mini", "mini-secret", null, null, null),
					"mobile-app", new WeChatProperties.App(AppKind.MOBILE_APP, "wx-app", "app-secret", null, null, null)),
			Duration.ofSeconds(2)));

	@Test
	void nameOfWhenAnAppInUseThenItsName() {
		assertThat(this.apps.nameOf("wx-mini")).hasValue("mini-program");
		assertThat(this.apps.nameOf("wx-app")).hasValue("mobile-app");
	}

	@Test
	void nameOfWhenNoAppInUseHasTheAppidThenNone() {
		assertThat(this.apps.nameOf("wx-gone")).isEmpty();
	}

}
