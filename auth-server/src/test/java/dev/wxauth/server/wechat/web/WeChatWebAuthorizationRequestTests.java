package dev.wxauth.server.wechat.web;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorization requests refused before the person is sent to WeChat: an unregistered redirect URI, no PKCE.
 */
@AuthServerTest
class WeChatWebAuthorizationRequestTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void authorizeWhenRedirectUriNotRegisteredThenErrorPageAndNoRedirect() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String url = client.authorizationUrl("openid").replace("client.example", "evil.example");

		Browser.Visit visit = this.fixture.person("alice", Browser.DESKTOP)
			.open(url, (uri) -> uri.getHost().contains("example"));

		assertThat(visit.page()).isNotNull();
		assertThat(visit.page().statusCode()).isEqualTo(400);
		assertThat(visit.page().body()).doesNotContain("Exception").contains("<html");
		assertThat(visit.visited(this.fixture::isWeChatPage)).isFalse();
	}

	@Test
	void authorizeWhenPublicClientOmitsPkceThenInvalidRequest() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.publicClient());

		Browser.Visit visit = this.fixture.person("alice", Browser.DESKTOP)
			.open(client.authorizationUrl("openid", false), client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "invalid_request");
		assertThat(visit.visited(this.fixture::isWeChatPage)).isFalse();
	}

}
