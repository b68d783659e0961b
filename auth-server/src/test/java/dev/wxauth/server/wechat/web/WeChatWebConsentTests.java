package dev.wxauth.server.wechat.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.OidcTestClient;
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
		Map<String, String> form = new LinkedHashMap<>();
		form.put("client_id", client.clientId());
		form.put("state", hidden(page, "state"));
		form.put("scope", "api.read");
		Browser.Visit approved = browser.post(this.fixture.issuer() + "/oauth2/authorize", form, client::isRedirectUri);
		Map<String, String> redirect = parameters(approved.last());
		assertThat(redirect).containsKey("code").containsEntry("state", client.state);
		JsonNode tokens = client.redeem(redirect.get("code")).json();
		assertThat(tokens.get("scope").asString().split(" ")).containsExactlyInAnyOrder("openid", "api.read");
	}

	static String hidden(String page, String name) {
		Matcher matcher = Pattern
			.compile("name=\"" + name + "\"\\s+value=\"([^\"]*)\"|value=\"([^\"]*)\"\\s+name=\"" + name + "\"")
			.matcher(page);
		assertThat(matcher.find()).as(name + " in " + page).isTrue();
		return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
	}

}
