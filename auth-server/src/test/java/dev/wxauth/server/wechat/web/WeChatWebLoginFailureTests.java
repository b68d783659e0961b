package dev.wxauth.server.wechat.web;

import java.sql.Timestamp;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.emulator.Fault;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.testing.WeChatLoginFixture.Calls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static dev.wxauth.server.testing.WeChatLoginFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web login when WeChat fails, refuses or is quirky: what the client gets, nothing written, error pages.
 */
@AuthServerTest
class WeChatWebLoginFailureTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void loginWhenPersonDeniesThenClientGetsAccessDeniedAndNothingWritten() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		int usersBefore = this.fixture.rows("users");

		Browser.Visit visit = this.fixture.person("deny", Browser.DESKTOP)
			.open(client.authorizationUrl("openid"), client::isRedirectUri);

		Map<String, String> redirect = parameters(visit.last());
		assertThat(redirect).containsEntry("error", "access_denied").containsEntry("state", client.state)
			.doesNotContainKey("code");
		assertThat(this.fixture.rows("users")).isEqualTo(usersBefore);
	}

	@ParameterizedTest
	@EnumSource(value = Fault.class, names = { "BUSY", "RATE_LIMIT", "HTTP_500", "TIMEOUT", "MALFORMED_JSON" })
	void loginWhenCodeExchangeFailsUpstreamThenTemporarilyUnavailableAndNothingWritten(Fault fault) {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		this.fixture.wechat().injectFault("/sns/oauth2/access_token", fault, 2); // 2: a busy reply is retried once
		int usersBefore = this.fixture.rows("users");
		Calls exchanges = this.fixture.callsTo("/sns/oauth2/access_token");

		Browser.Visit visit = this.fixture.person("alice", Browser.DESKTOP)
			.open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "temporarily_unavailable")
			.containsEntry("state", client.state);
		assertThat(exchanges.count()).as("only a busy reply is retried").isEqualTo((fault == Fault.BUSY) ? 2 : 1);
		assertThat(this.fixture.rows("users")).isEqualTo(usersBefore);
	}

	@Test
	void loginWhenWeChatBusyOnceThenRetriedAndSignedIn() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		this.fixture.wechat().injectFault("/sns/oauth2/access_token", Fault.BUSY, 1);
		Calls exchanges = this.fixture.callsTo("/sns/oauth2/access_token");

		JsonNode tokens = this.fixture.signIn(client, this.fixture.person("alice", Browser.DESKTOP), "openid");

		assertThat(exchanges.count()).as("the busy reply, then the retry").isEqualTo(2);
		assertThat(this.fixture.idToken(tokens).getSubject())
			.isEqualTo(this.fixture.userId(WEBSITE, "alice"));
	}

	@Test
	void loginWhenProfileReadFailsUpstreamThenTemporarilyUnavailableAndNothingWritten() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		this.fixture.wechat().injectFault("/sns/userinfo", Fault.RATE_LIMIT, 1);
		this.fixture.ageAllProfiles();
		int usersBefore = this.fixture.rows("users");
		Timestamp lastLogin = lastLogin();

		Browser.Visit visit = this.fixture.person("bob", Browser.DESKTOP)
			.open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "temporarily_unavailable");
		assertThat(this.fixture.rows("users")).isEqualTo(usersBefore);
		assertThat(lastLogin()).isEqualTo(lastLogin);
	}

	@Test
	void loginWhenWeChatAnswersTextPlainThenStillSignsIn() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		this.fixture.wechat().injectFault("/sns/oauth2/access_token", Fault.TEXT_PLAIN, 1);
		this.fixture.wechat().injectFault("/sns/userinfo", Fault.TEXT_PLAIN, 1);
		this.fixture.ageAllProfiles();

		JsonNode tokens = this.fixture.signIn(client, this.fixture.person("alice", Browser.DESKTOP), "openid profile");

		JWTClaimsSet idToken = this.fixture.idToken(tokens);
		assertThat(idToken.getClaim("name")).isEqualTo("爱丽丝 Alice 🌸");
	}

	@Test
	void loginWhenSnapshotUserThenAccessDeniedAndNothingWritten() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		int usersBefore = this.fixture.rows("users");

		Browser.Visit visit = this.fixture.person("snapshot", Browser.WECHAT)
			.open(client.authorizationUrl("openid"), client::isRedirectUri);

		assertThat(parameters(visit.last())).containsEntry("error", "access_denied");
		assertThat(this.fixture.rows("users")).isEqualTo(usersBefore);
	}

	@Test
	void loginErrorPageWhenChineseBrowserThenChineseText() {
		Browser.Visit visit = new Browser(Browser.DESKTOP).acceptLanguage("zh-CN,zh;q=0.9")
			.open(this.fixture.issuer() + "/login?error=temporarily_unavailable", (uri) -> false);

		assertThat(visit.page().statusCode()).isEqualTo(200);
		assertThat(visit.page().body()).contains("微信暂时不可用");
	}

	@Test
	void loginErrorPageWhenEnglishBrowserThenEnglishText() {
		Browser.Visit visit = new Browser(Browser.DESKTOP).acceptLanguage("en-US")
			.open(this.fixture.issuer() + "/login?error=access_denied", (uri) -> false);

		assertThat(visit.page().body()).contains("cancelled or refused");
	}

	private Timestamp lastLogin() {
		return this.fixture.jdbc().queryForObject("SELECT max(last_login_at) FROM wechat_identities", Timestamp.class);
	}

}
