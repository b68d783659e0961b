package dev.wxauth.server.wechat.web;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refreshing the tokens of a web login: each refresh token is used once and replaced.
 */
@AuthServerTest
class WeChatWebRefreshTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void refreshWhenUsedThenRotatedAndOldRefreshTokenRejected() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		JsonNode tokens = this.fixture.signIn(client, this.fixture.person("alice", Browser.DESKTOP), "openid api.read");
		String firstRefresh = tokens.get("refresh_token").asString();

		Http.Response refreshed = client.refresh(firstRefresh);

		assertThat(refreshed.status()).isEqualTo(200);
		String secondRefresh = refreshed.json().get("refresh_token").asString();
		assertThat(secondRefresh).isNotEqualTo(firstRefresh);
		assertThat(client.refresh(firstRefresh).json().get("error").asString()).isEqualTo("invalid_grant");
		assertThat(client.refresh(secondRefresh).status()).isEqualTo(200);
	}

}
