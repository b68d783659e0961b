package dev.wxauth.server.logout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.Jwts;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestPorts;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.web.util.UriComponentsBuilder;

import static dev.wxauth.server.testing.Pages.pause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * OpenID Connect Back-Channel Logout 1.0: when a browser session ends at wxauth, each client that was granted an ID
 * token in it and registered a back-channel logout URI receives one signed logout token for that session, retried
 * when it fails; the person's logout never waits for it.
 */
@AuthServerTest
class BackChannelLogoutTests {

	private static final String SIGNED_OUT = "https://client.example/signed-out";

	private static final String BACK_CHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	/** Longer than any delivery or retry takes with the tests' settings. */
	private static final Duration DELIVERY = Duration.ofSeconds(15);

	/** Long enough for a second, unwanted delivery to show. */
	private static final Duration QUIET = Duration.ofSeconds(2);

	/** How README tells an operator to register a client's back-channel logout URI (%s: the URI). */
	private static final String SET_BACK_CHANNEL_LOGOUT_URI = """
			UPDATE oauth2_registered_client
			SET client_settings = (client_settings::jsonb
			    || '{"settings.client.wxauth.backchannel-logout-uri": "%s"}')::text
			WHERE client_id = ?""";

	@Autowired
	RegisteredClientRepository clients;

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	/**
	 * No notice outlives its test: one still being retried (its receiver gone) would change its row while later test
	 * classes on this database look for rows nobody should write.
	 */
	@AfterEach
	void forgetNotices() {
		this.fixture.jdbc().update("DELETE FROM backchannel_logout_notices");
	}

	@Test
	void logoutWhenReceiverDownThenLogoutStillCompletes() {
		String nobodyListening = "http://localhost:" + TestPorts.free() + "/backchannel-logout";
		OidcTestClient client = this.fixture.webClient(backChannelClient(nobodyListening));
		Browser browser = alice();
		JsonNode tokens = this.fixture.signIn(client, browser, "openid");

		Browser.Visit visit = signOut(browser, tokens);

		assertThat(visit.last().toString()).as(visit.hops().toString()).startsWith(SIGNED_OUT);
		assertThat(client.refresh(tokens.get("refresh_token").asString()).status()).isEqualTo(400);
		assertSignedOut(client, browser);
	}

	@Test
	void logoutWhenReceiverStallsThenLogoutDoesNotWaitForIt() {
		try (LogoutTokenReceiver receiver = LogoutTokenReceiver.stalling(Duration.ofSeconds(20))) {
			OidcTestClient client = this.fixture.webClient(backChannelClient(receiver.uri()));
			Browser browser = alice();
			JsonNode tokens = this.fixture.signIn(client, browser, "openid");

			long started = System.nanoTime();
			Browser.Visit visit = signOut(browser, tokens);
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(visit.last().toString()).startsWith(SIGNED_OUT);
			receiver.awaitRequests(1, DELIVERY);
			assertThat(took).as("the logout's own time").isLessThan(Duration.ofSeconds(3));
		}
	}

	@Test
	void logoutWhenReceiverAnswers500ThenDeliveryRetried() {
		try (LogoutTokenReceiver receiver = LogoutTokenReceiver.answering(500)) {
			OidcTestClient client = this.fixture.webClient(backChannelClient(receiver.uri()));
			Browser browser = alice();
			JsonNode tokens = this.fixture.signIn(client, browser, "openid");
			Object sid = this.fixture.idToken(tokens).getClaim("sid");

			signOut(browser, tokens);

			List<LogoutTokenReceiver.Request> requests = receiver.awaitRequests(2, DELIVERY);
			JWTClaimsSet first = Jwts.verified(this.fixture.issuer(), requests.get(0).logoutToken());
			JWTClaimsSet retry = Jwts.verified(this.fixture.issuer(), requests.get(1).logoutToken());
			assertThat(retry.getClaim("sid")).isEqualTo(first.getClaim("sid")).isEqualTo(sid);
			assertThat(retry.getJWTID()).as("a fresh token per attempt").isNotEqualTo(first.getJWTID());
			pause(QUIET);
			assertThat(receiver.requests()).as("delivered: no more attempts").hasSize(2);
		}
	}

	@Test
	void logoutWhenClientsOfOtherSessionsThenOnlyTheEndingSessionIsAnnounced() {
		try (LogoutTokenReceiver leaving = LogoutTokenReceiver.started();
				LogoutTokenReceiver staying = LogoutTokenReceiver.started()) {
			OidcTestClient bothBrowsers = this.fixture.webClient(backChannelClient(leaving.uri()));
			OidcTestClient otherBrowserOnly = this.fixture.webClient(backChannelClient(staying.uri()));
			OidcTestClient withoutBackChannel = this.fixture.webClient(TestRegisteredClients.webClient());
			Browser desktop = alice();
			Browser laptop = alice();
			JsonNode tokens = this.fixture.signIn(bothBrowsers, desktop, "openid");
			this.fixture.signIn(withoutBackChannel, desktop, "openid");
			this.fixture.signIn(bothBrowsers, laptop, "openid");
			this.fixture.signIn(otherBrowserOnly, laptop, "openid");

			signOut(desktop, tokens);

			String logoutToken = leaving.awaitRequests(1, DELIVERY).getFirst().logoutToken();
			assertThat(Jwts.verified(this.fixture.issuer(), logoutToken).getClaim("sid"))
				.isEqualTo(this.fixture.idToken(tokens).getClaim("sid"));
			pause(QUIET);
			assertThat(leaving.requests()).as("one logout token, for the desktop's session").hasSize(1);
			assertThat(staying.requests()).as("the laptop's session goes on").isEmpty();
		}
	}

	@Test
	void logoutWhenPersonConfirmsWithoutIdTokenThenClientsAnnouncedToo() {
		try (LogoutTokenReceiver receiver = LogoutTokenReceiver.started()) {
			OidcTestClient client = this.fixture.webClient(backChannelClient(receiver.uri()));
			Browser browser = alice();
			JsonNode tokens = this.fixture.signIn(client, browser, "openid");
			Browser.Visit confirm = browser.open(this.fixture.issuer() + "/connect/logout", (uri) -> false);
			Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(confirm.page().body());
			assertThat(csrf.find()).as(confirm.page().body()).isTrue();

			browser.post(this.fixture.issuer() + "/logout", Map.of("_csrf", csrf.group(1)), (uri) -> false);

			String logoutToken = receiver.awaitRequests(1, DELIVERY).getFirst().logoutToken();
			assertThat(Jwts.verified(this.fixture.issuer(), logoutToken).getClaim("sid"))
				.isEqualTo(this.fixture.idToken(tokens).getClaim("sid"));
		}
	}

	@Test
	void noticeWhenLeftUndeliveredByAnotherInstanceThenDeliveredHere() {
		try (LogoutTokenReceiver receiver = LogoutTokenReceiver.started()) {
			RegisteredClient client = this.fixture.register(backChannelClient(receiver.uri()));
			// as an instance that stopped while delivering leaves it: claimed once, its claim run out
			this.fixture.jdbc()
				.update("INSERT INTO backchannel_logout_notices (registered_client_id, subject, sid, attempts, next_attempt_at)"
						+ " VALUES (?, 'someone', 'a-session', 1, now() - interval '1 second')", client.getId());

			String logoutToken = receiver.awaitRequests(1, DELIVERY).getFirst().logoutToken();

			JWTClaimsSet claims = Jwts.verified(this.fixture.issuer(), logoutToken);
			assertThat(claims.getAudience()).containsExactly(client.getClientId());
			assertThat(claims.getSubject()).isEqualTo("someone");
			assertThat(claims.getClaim("sid")).isEqualTo("a-session");
		}
	}

	@Test
	void demoWebWhenDevModeThenRegistersTheSampleWebClientsBackChannelUri() {
		RegisteredClient demoWeb = this.clients.findByClientId("demo-web");

		assertThat(demoWeb.getClientSettings().<String>getSetting(BackChannelLogouts.URI_SETTING))
			.isEqualTo("http://localhost:8080/logout/connect/back-channel/wxauth");
	}

	@Test
	void logoutWhenBackChannelUriSetWithReadmeSqlThenReceivesLogoutToken() {
		try (LogoutTokenReceiver receiver = LogoutTokenReceiver.started()) {
			OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
			assertThat(this.fixture.jdbc()
				.update(SET_BACK_CHANNEL_LOGOUT_URI.formatted(receiver.uri()), client.clientId()))
				.isOne();
			Browser browser = alice();
			JsonNode tokens = this.fixture.signIn(client, browser, "openid");

			signOut(browser, tokens);

			String logoutToken = receiver.awaitRequests(1, DELIVERY).getFirst().logoutToken();
			assertThat(Jwts.verified(this.fixture.issuer(), logoutToken).getAudience()).containsExactly(client.clientId());
		}
	}

	@Test
	void logoutWhenClientRegisteredBackChannelUriThenReceivesOneLogoutToken() throws Exception {
		try (LogoutTokenReceiver receiver = LogoutTokenReceiver.started()) {
			OidcTestClient client = this.fixture.webClient(backChannelClient(receiver.uri()));
			Browser browser = alice();
			JsonNode tokens = this.fixture.signIn(client, browser, "openid");
			JWTClaimsSet idToken = this.fixture.idToken(tokens);

			signOut(browser, tokens);

			LogoutTokenReceiver.Request request = receiver.awaitRequests(1, DELIVERY).getFirst();
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
			SignedJWT signed = SignedJWT.parse(request.logoutToken());
			assertThat(signed.getHeader().getType()).isEqualTo(new JOSEObjectType("logout+jwt"));
			JWTClaimsSet claims = Jwts.verified(this.fixture.issuer(), request.logoutToken());
			assertThat(claims.getAudience()).containsExactly(client.clientId());
			assertThat(claims.getSubject()).isEqualTo(idToken.getSubject());
			assertThat(claims.getClaim("sid")).isNotNull().isEqualTo(idToken.getClaim("sid"));
			assertThat(claims.getJWTID()).isNotBlank();
			assertThat(claims.getIssueTime().toInstant()).isCloseTo(Instant.now(), within(Duration.ofSeconds(30)));
			assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
				.isPositive()
				.isLessThanOrEqualTo(Duration.ofMinutes(2));
			assertThat(claims.getJSONObjectClaim("events")).containsOnlyKeys(BACK_CHANNEL_LOGOUT_EVENT);
			assertThat(claims.getJSONObjectClaim("events").get(BACK_CHANNEL_LOGOUT_EVENT)).isEqualTo(Map.of());
			assertThat(claims.getClaims()).doesNotContainKey("nonce");
			pause(QUIET);
			assertThat(receiver.requests()).hasSize(1);
		}
	}

	private static RegisteredClient.Builder backChannelClient(String backChannelLogoutUri) {
		return TestRegisteredClients.webClient()
			.clientSettings(ClientSettings.builder()
				.requireAuthorizationConsent(false)
				.setting(BackChannelLogouts.URI_SETTING, backChannelLogoutUri)
				.build());
	}

	private Browser alice() {
		return this.fixture.person("alice", Browser.DESKTOP);
	}

	/** RP-initiated logout with the ID token the client got at sign-in. */
	private Browser.Visit signOut(Browser browser, JsonNode tokens) {
		String logout = UriComponentsBuilder.fromUriString(this.fixture.issuer() + "/connect/logout")
			.queryParam("id_token_hint", tokens.get("id_token").asString())
			.queryParam("post_logout_redirect_uri", SIGNED_OUT)
			.toUriString();
		return browser.open(logout, (uri) -> uri.getHost().equals("client.example"));
	}

	/** The next authorization goes through WeChat again. */
	private void assertSignedOut(OidcTestClient client, Browser browser) {
		Browser.Visit again = browser.open(client.authorizationUrl("openid"), client::isRedirectUri);
		assertThat(again.visited(this.fixture::isWeChatPage)).isTrue();
	}

}
