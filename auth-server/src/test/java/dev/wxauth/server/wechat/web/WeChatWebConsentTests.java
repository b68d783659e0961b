package dev.wxauth.server.wechat.web;

import java.util.Map;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.Pages;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent page after a web login, for clients that require consent: the code carries the approved scopes only.
 */
@AuthServerTest
class WeChatWebConsentTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void authorizeWhenClientRequiresConsentThenConsentPageThenCodeForApprovedScopes() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient()
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(true).build()));
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);

		Browser.Visit consent = browser.open(client.authorizationUrl("openid profile api.read"), client::isRedirectUri);

		assertThat(consent.page()).as("a consent page, not a redirect: " + consent.hops()).isNotNull();
		assertThat(consent.page().statusCode()).isEqualTo(200);
		String page = consent.page().body();
		assertThat(page).contains("profile").contains("api.read");
		// the person allows one of the scopes: the form as the page has it, but for the scopes
		Pages.Form approve = Pages.form(page, "approve").without("scope").with("scope", "api.read");
		Browser.Visit approved = browser.submit(this.fixture.issuer() + approve.action(), approve.fields(),
				client::isRedirectUri);
		Map<String, String> redirect = parameters(approved.last());
		assertThat(redirect).containsKey("code").containsEntry("state", client.state);
		JsonNode tokens = client.redeem(redirect.get("code")).json();
		assertThat(tokens.get("scope").asString().split(" ")).containsExactlyInAnyOrder("openid", "api.read");
	}

}
