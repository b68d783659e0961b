package dev.wxauth.server.wechat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import dev.wxauth.emulator.WeChatEmulator;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.TestPostgres;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two auth-server instances on one database share one WeChat app access token: one upstream fetch, never a
 * fight over it.
 */
class AppAccessTokensClusterTests {

	final WeChatEmulator wechat = TestWeChat.emulator();

	@Test
	void currentWhenTwoInstancesAskAtOnceThenOneUpstreamFetchAndOneToken() throws Exception {
		TestPostgres.Database database = TestPostgres.newDatabase("app_tokens");
		try (RunningAuthServer first = RunningAuthServer.start(database);
				RunningAuthServer second = RunningAuthServer.start(database)) {
			WeChatApp app = first.bean(WeChatApps.class).byName("mini-program").orElseThrow();
			int fetches = this.wechat.calls("/cgi-bin/stable_token");
			CountDownLatch start = new CountDownLatch(1);

			CompletableFuture<String> fromFirst = CompletableFuture
				.supplyAsync(() -> awaitThen(start, () -> first.bean(AppAccessTokens.class).current(app)));
			CompletableFuture<String> fromSecond = CompletableFuture
				.supplyAsync(() -> awaitThen(start, () -> second.bean(AppAccessTokens.class).current(app)));
			start.countDown();

			assertThat(fromFirst.get()).isEqualTo(fromSecond.get());
			assertThat(this.wechat.calls("/cgi-bin/stable_token")).isEqualTo(fetches + 1);
			assertThat(second.bean(AppAccessTokens.class).current(app)).isEqualTo(fromFirst.get());
			assertThat(this.wechat.calls("/cgi-bin/stable_token")).as("served from the table").isEqualTo(fetches + 1);

			// within five minutes of expiry: refreshed ahead of time, once
			new JdbcTemplate(first.bean(javax.sql.DataSource.class)).update(
					"UPDATE wechat_app_access_tokens SET expires_at = ? WHERE appid = ?",
					Timestamp.from(Instant.now().plusSeconds(60)), app.appid());
			first.bean(AppAccessTokens.class).current(app);
			second.bean(AppAccessTokens.class).current(app);
			assertThat(this.wechat.calls("/cgi-bin/stable_token")).isEqualTo(fetches + 2);
			byte[] stored = new JdbcTemplate(first.bean(javax.sql.DataSource.class)).queryForObject(
					"SELECT token_encrypted FROM wechat_app_access_tokens WHERE appid = ?", byte[].class, app.appid());
			assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
				.doesNotContain(first.bean(AppAccessTokens.class).current(app));
		}
	}

	private static <T> T awaitThen(CountDownLatch start, java.util.function.Supplier<T> action) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return action.get();
	}

}
