package dev.wxauth.server.wechat.web;

import java.net.URI;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.testing.WeChatLoginFixture.Calls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.util.UriComponentsBuilder;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static dev.wxauth.server.testing.WeChatLoginFixture.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our callback when this browser did not start the login: no login, and WeChat's code never sent upstream.
 */
@AuthServerTest
class WeChatWebCallbackForgeryTests {

	private static final String PENDING_LOGIN_COOKIE = SealedCookieAuthorizationRequestRepository.COOKIE_NAME;

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void callbackWhenStateTamperedThenNoLoginAndCodeNeverSentUpstream() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		Browser.Visit toCallback = browser.open(client.authorizationUrl("openid"), this.fixture::isOurCallback);
		Calls exchanges = this.fixture.callsTo("/sns/oauth2/access_token");

		String tampered = UriComponentsBuilder.fromUri(toCallback.last()).replaceQueryParam("state", "forged").toUriString();
		Browser.Visit visit = browser.open(tampered, client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "access_denied").doesNotContainKey("code");
		assertThat(exchanges.count()).isZero();
	}

	@Test
	void callbackWhenOpenedInAnotherBrowserThenNoLoginAndCodeNeverSentUpstream() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser attacker = this.fixture.person("mallory", Browser.DESKTOP);
		URI attackersCallback = attacker.open(client.authorizationUrl("openid"), this.fixture::isOurCallback).last();
		Calls exchanges = this.fixture.callsTo("/sns/oauth2/access_token");
		Browser victim = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit visit = victim.open(attackersCallback.toString(), client::isRedirectUri);

		assertThat(visit.last().getPath()).isEqualTo("/login");
		assertThat(visit.last().getQuery()).isEqualTo("error=access_denied");
		assertThat(exchanges.count()).isZero();
		assertThat(victim.cookie(SESSION_COOKIE)).isEmpty();
	}

	@Test
	void callbackWhenPathNamesAnotherAppThenNoLoginAndCodeNeverSentUpstream() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		URI callback = browser.open(client.authorizationUrl("openid"), this.fixture::isOurCallback).last();
		assertThat(callback.getPath()).isEqualTo("/login/oauth2/code/website");
		Calls exchanges = this.fixture.callsTo("/sns/oauth2/access_token");

		String otherApp = UriComponentsBuilder.fromUri(callback)
			.replacePath("/login/oauth2/code/official-account")
			.toUriString();
		Browser.Visit visit = browser.open(otherApp, client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "access_denied").doesNotContainKey("code");
		assertThat(exchanges.count()).isZero();
		assertThat(browser.cookie(SESSION_COOKIE)).isEmpty();
	}

	@Test
	void callbackWhenRefusedThenPendingLoginCookieCleared() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		URI callback = browser.open(client.authorizationUrl("openid"), this.fixture::isOurCallback).last();
		assertThat(browser.cookie(PENDING_LOGIN_COOKIE)).isPresent();

		browser.open(UriComponentsBuilder.fromUri(callback).replaceQueryParam("state", "forged").toUriString(),
				client::isRedirectUri);

		assertThat(browser.cookie(PENDING_LOGIN_COOKIE)).as("a refused callback leaves nothing to retry with")
			.isEmpty();
		Browser.Visit genuine = browser.open(callback.toString(), client::isRedirectUri);
		assertThat(parameters(genuine.last())).doesNotContainKey("code");
	}

}
