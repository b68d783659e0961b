package dev.wxauth.server.wechat.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.Simultaneously;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.testing.WeChatLoginFixture.Calls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static dev.wxauth.server.testing.WeChatLoginFixture.OFFICIAL_ACCOUNT;
import static dev.wxauth.server.testing.WeChatLoginFixture.SESSION_COOKIE;
import static dev.wxauth.server.testing.WeChatLoginFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WeChat's callback arriving more than once for one code (WeChat's browser opening it twice, a reload, a double
 * tap, a link prefetcher): the code goes upstream once, and every callback of the login finishes it.
 */
@AuthServerTest
class WeChatWebDuplicateCallbackTests {

	private static final String CODE_EXCHANGE = "/sns/oauth2/access_token";

	private static final int RACERS = 3;

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void callbackWhenRepeatedBySignedInBrowserThenStillSignedInAndCodeSentOnce() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		URI callback = browser.open(client.authorizationUrl("openid"), this.fixture::isOurCallback).last();
		Calls exchanges = this.fixture.callsTo(CODE_EXCHANGE);
		assertThat(parameters(browser.open(callback.toString(), client::isRedirectUri).last())).containsKey("code");
		String session = browser.cookie(SESSION_COOKIE).orElseThrow();

		Browser.Visit again = browser.open(callback.toString(), client::isRedirectUri);

		assertThat(again.visited((uri) -> "/login".equals(uri.getPath()))).as(again.hops().toString()).isFalse();
		assertThat(again.page().statusCode()).isEqualTo(200);
		assertThat(again.page().body()).contains("You are signed in");
		assertThat(browser.cookie(SESSION_COOKIE)).contains(session);
		assertThat(exchanges.count()).isEqualTo(1);
		assertThat(browser.acceptLanguage("zh-CN,zh;q=0.9").open(callback.toString(), client::isRedirectUri).page()
			.body()).contains("您已使用微信登录");
	}

	@Test
	void callbackWhenRepeatedBeforeClientGotItsCodeThenOnToTheClient() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		URI callback = browser.open(client.authorizationUrl("openid"), this.fixture::isOurCallback).last();
		Calls exchanges = this.fixture.callsTo(CODE_EXCHANGE);
		Browser.Visit first = browser.open(callback.toString(), (uri) -> "/oauth2/authorize".equals(uri.getPath()));
		assertThat(first.hops()).hasSize(2);

		Browser.Visit again = browser.open(callback.toString(), client::isRedirectUri);

		assertThat(parameters(again.last())).as(again.hops().toString()).containsKey("code")
			.containsEntry("state", client.state);
		assertThat(exchanges.count()).isEqualTo(1);
	}

	@Test
	void callbackWhenRepeatedByBrowserThatMissedTheFirstAnswerThenSameLoginAndCodeSentOnce() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		URI callback = browser.open(client.authorizationUrl("openid"), this.fixture::isOurCallback).last();
		Browser beforeTheAnswer = browser.copy();
		Calls exchanges = this.fixture.callsTo(CODE_EXCHANGE);
		String firstCode = parameters(browser.open(callback.toString(), client::isRedirectUri).last()).get("code");

		Browser.Visit again = beforeTheAnswer.open(callback.toString(), client::isRedirectUri);

		Map<String, String> redirect = parameters(again.last());
		assertThat(redirect).as(again.hops().toString()).containsKey("code").containsEntry("state", client.state);
		assertThat(exchanges.count()).isEqualTo(1);
		assertThat(subject(client, redirect.get("code"))).isEqualTo(subject(client, firstCode))
			.isEqualTo(this.fixture.userId(WEBSITE, "alice"));
	}

	@Test
	void callbackWhenOpenedSimultaneouslyThenCodeSentOnceAndEveryAnswerFinishesTheLogin() throws Exception {
		String bob = null;
		for (int round = 0; round < 4; round++) {
			OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
			Browser browser = this.fixture.person("bob", Browser.WECHAT);
			URI callback = browser.open(client.authorizationUrl("openid"), this.fixture::isOurCallback).last();
			List<Browser> tabs = new ArrayList<>();
			for (int i = 0; i < RACERS; i++) {
				tabs.add(browser.copy());
			}
			AtomicInteger next = new AtomicInteger();
			Calls exchanges = this.fixture.callsTo(CODE_EXCHANGE);

			List<Browser.Visit> visits = Simultaneously.run(RACERS,
					() -> tabs.get(next.getAndIncrement()).open(callback.toString(), client::isRedirectUri));

			assertThat(exchanges.count()).as("round %d", round).isEqualTo(1);
			for (Browser.Visit visit : visits) {
				assertThat(visit.page()).as("round %d: %s", round, visit.hops()).isNull();
				Map<String, String> redirect = parameters(visit.last());
				assertThat(redirect).as("round %d: %s", round, visit.hops()).containsKey("code");
				bob = (bob != null) ? bob : this.fixture.userId(OFFICIAL_ACCOUNT, "bob");
				assertThat(subject(client, redirect.get("code"))).isEqualTo(bob);
			}
		}
	}

	@Test
	void callbackWhenPrefetchedWithoutTheBrowsersCookiesThenNoCodeSpentAndBrowserSignsIn() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		URI callback = browser.open(client.authorizationUrl("openid"), this.fixture::isOurCallback).last();
		Calls exchanges = this.fixture.callsTo(CODE_EXCHANGE);

		Browser.Visit prefetch = new Browser(Browser.DESKTOP).open(callback.toString(), client::isRedirectUri);

		assertThat(prefetch.page().statusCode()).as(prefetch.hops().toString()).isEqualTo(200);
		assertThat(prefetch.last().getPath()).isEqualTo("/login");
		assertThat(exchanges.count()).isZero();
		Browser.Visit visit = browser.open(callback.toString(), client::isRedirectUri);
		assertThat(parameters(visit.last())).as(visit.hops().toString()).containsKey("code");
		assertThat(exchanges.count()).isEqualTo(1);
	}

	private String subject(OidcTestClient client, String code) {
		Http.Response tokens = client.redeem(code);
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		return this.fixture.idToken(tokens.json()).getSubject();
	}

}
