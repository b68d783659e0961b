package dev.wxauth.server.federation;


import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.TestPropertySource;
import org.springframework.web.util.HtmlUtils;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static dev.wxauth.server.testing.WeChatLoginFixture.SESSION_COOKIE;
import static dev.wxauth.server.testing.WeChatLoginFixture.WEBSITE;
import static dev.wxauth.server.testing.Pages.matched;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wxauth.wechat.embed-qr=true}: our login page shows WeChat's QR widget, whose state our callback accepts.
 */
@AuthServerTest
@TestPropertySource(properties = "wxauth.wechat.embed-qr=true")
class EmbeddedQrLoginTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void loginWhenEmbedQrThenPageWithWidgetWhoseStateCompletesTheLogin() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit loginPage = browser.open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(loginPage.last().getPath()).isEqualTo("/login");
		String page = loginPage.page().body();
		assertThat(page).contains("wxLogin.js").contains("new WxLogin(").contains(WEBSITE)
			.contains("snsapi_login");
		assertThat(browser.cookie(SESSION_COOKIE)).as("no session before the login").isEmpty();
		// the page's policy lets in WeChat's widget script and the QR page it frames, and the page's own inline
		// script by its nonce; nothing else
		String policy = loginPage.page().headers().firstValue("Content-Security-Policy").orElseThrow();
		String nonce = matched(page, "<script nonce=\"([^\"]+)\">");
		assertThat(policy).contains("script-src 'nonce-" + nonce + "' https://res.wx.qq.com")
			.contains("frame-src " + this.fixture.wechat().baseUrl())
			.contains("default-src 'none'");
		// what the widget's iframe does once scanned: WeChat's QR flow with the state our page gave it
		String qrPageUrl = HtmlUtils.htmlUnescape(matched(page, "<a href=\"([^\"]+)\""));
		assertThat(qrPageUrl).startsWith(this.fixture.wechat().baseUrl() + "/connect/qrconnect");
		Browser.Visit completed = browser.open(qrPageUrl, client::isRedirectUri);
		assertThat(parameters(completed.last())).containsKey("code").containsEntry("state", client.state);
	}


}
