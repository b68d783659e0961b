package dev.wxauth.server.wechat.web;

import java.net.URI;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.testing.WeChatLoginFixture.Calls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Codes of the web login used twice: WeChat's code replayed at our callback, ours replayed at the token endpoint.
 */
@AuthServerTest
class WeChatWebCodeReplayTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void callbackWhenReplayedThenCodeNotSentToWeChatAgain() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		Browser.Visit toCallback = browser.open(client.authorizationUrl("openid"), this.fixture::isOurCallback);
		URI callback = toCallback.last();
		assertThat(parameters(browser.open(callback.toString(), client::isRedirectUri).last())).containsKey("code");
		Calls exchanges = this.fixture.callsTo("/sns/oauth2/access_token");

		browser.open(callback.toString(), (uri) -> false);

		assertThat(exchanges.count()).isZero();
	}

	@Test
	void tokenWhenCodeReplayedThenInvalidGrantAndFirstTokensRevoked() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser.Visit visit = this.fixture.person("alice", Browser.DESKTOP)
			.open(client.authorizationUrl("openid api.read"), client::isRedirectUri);
		String code = parameters(visit.last()).get("code");
		JsonNode first = client.redeem(code).json();
		assertThat(client.introspect(first.get("access_token").asString()).json().get("active").asBoolean()).isTrue();

		Http.Response replay = client.redeem(code);

		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.json().get("error").asString()).isEqualTo("invalid_grant");
		assertThat(client.introspect(first.get("access_token").asString()).json().get("active").asBoolean()).isFalse();
		assertThat(client.introspect(first.get("refresh_token").asString()).json().get("active").asBoolean()).isFalse();
	}

}
