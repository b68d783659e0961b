package dev.wxauth.server.web;


import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.wxauth.server.testing.Pages.matched;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our pages' Content-Security-Policy (only what the page carries, by a nonce fresh for each response; no framing)
 * and Referrer-Policy, over real HTTP.
 */
@AuthServerTest
class PagePolicyTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@ParameterizedTest
	@ValueSource(strings = { "/login?error=access_denied", "/logout", "/nothing-here" })
	void pageWhenServedThenPolicyLetsInOnlyItsOwnStyleByNonce(String path) {
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit first = browser.open(this.fixture.issuer() + path, (uri) -> false);
		Browser.Visit second = browser.open(this.fixture.issuer() + path, (uri) -> false);

		String policy = first.page().headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(policy).contains("default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'",
				"object-src 'none'", "frame-src 'none'").doesNotContain("unsafe-inline");
		String nonce = matched(first.page().body(), "<style nonce=\"([^\"]+)\">");
		assertThat(policy).contains("style-src 'nonce-" + nonce + "'");
		assertThat(matched(second.page().body(), "<style nonce=\"([^\"]+)\">")).as("fresh for each response")
			.isNotEqualTo(nonce);
		assertThat(first.page().headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
	}

	@Test
	void authorizationEndpointWhenAnsweredThenNoReferrerAndNoFraming() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String url = client.authorizationUrl("openid");

		Http.Response response = this.fixture.http()
			.get(url.substring(this.fixture.issuer().length()), "Accept", "text/html", "User-Agent", Browser.DESKTOP);

		assertThat(response.status()).isEqualTo(302);
		assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
	}


}
