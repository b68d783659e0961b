package dev.wxauth.server.authorization;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.wxauth.emulator.WeChatEmulator;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.TestPostgres;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many more concurrent token requests than pooled connections: each request must need one connection at a time,
 * or they all wait on each other (the framework's authorization row mapper looks up the client while its own
 * result set is open).
 */
class ConnectionPoolStarvationTests {

	final WeChatEmulator wechat = TestWeChat.emulator();

	@Test
	void refreshWhenFarMoreConcurrentRequestsThanConnectionsThenAllAnsweredInTime() throws Exception {
		try (RunningAuthServer server = RunningAuthServer.start(TestPostgres.newDatabase("pool_starvation"),
				"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.connection-timeout=5000")) {
			RegisteredClient registered = TestRegisteredClients.miniProgramClient().build();
			server.bean(RegisteredClientRepository.class).save(registered);
			CodeGrantClient client = new CodeGrantClient(server.issuer(), WeChatGrantTypes.MINI_PROGRAM.getValue(),
					registered);
			List<String> refreshTokens = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				refreshTokens.add(client.login(this.wechat.mintJsCode("wxd0000000000000a3", "load-" + i))
					.json()
					.get("refresh_token")
					.asString());
			}

			List<CompletableFuture<Http.Response>> refreshes = refreshTokens.stream()
				.map((token) -> CompletableFuture.supplyAsync(() -> client.refresh(token)))
				.toList();

			for (CompletableFuture<Http.Response> refresh : refreshes) {
				Http.Response response = refresh.get(20, TimeUnit.SECONDS);
				assertThat(response.status()).as(response.toString()).isEqualTo(200);
			}
		}
	}

}
