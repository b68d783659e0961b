package dev.wxauth.server.wechat.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.wxauth.emulator.PushReply;
import dev.wxauth.emulator.PushRequest;
import dev.wxauth.emulator.WeChatEmulator;
import dev.wxauth.server.grant.WeChatCodeClients;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.PrometheusScrape;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.wechat.WeChatApps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static dev.wxauth.server.testing.Http.form;
import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.MOBILE_APP;
import static dev.wxauth.server.testing.WeChatLoginFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WeChat's pushes about our people, end to end: the emulator signs (and in safe mode encrypts) each as WeChat does
 * and posts it to {@code /wechat/events/{app}} over HTTP; the people are made by real logins through the emulator, in
 * PostgreSQL. The dev apps take safe-mode pushes (they have an EncodingAESKey); plaintext pushes go to an app added
 * through the admin API with a push token only. Every refusal changes nothing, and every push is counted.
 */
@AuthServerTest
@ExtendWith(OutputCaptureExtension.class)
class WeChatEventsTests {

	static final String REVOKE = "user_authorization_revoke";

	static final String CANCELLATION = "user_authorization_cancellation";

	static final String INFO_MODIFIED = "user_info_modified";

	static final String DEV_TOKEN = "wxauth-dev-push-token";

	static final String DEV_KEY = "wxauthDevEncodingAESKey0123456789abcdefghij";

	/** Our dev apps by name, as application-dev.yml names them. */
	static final Map<String, String> DEV_APPS = Map.of("website", WEBSITE, "official-account",
			WeChatLoginFixture.OFFICIAL_ACCOUNT, "mini-program", MINI_PROGRAM, "mobile-app", MOBILE_APP);

	/** A mini-program the emulator knows and the dev configuration does not: added with a push token only. */
	static final String SHOP = "events-shop";

	static final String SHOP_APPID = "wxd0000000000000c3";

	static final String SHOP_TOKEN = "eventsShopToken42";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	WeChatApps apps;

	@Value("${local.management.port}")
	int managementPort;

	WeChatEmulator wechat;

	@BeforeEach
	void pointTheDevAppsPushesHere() {
		this.wechat = this.fixture.wechat();
		DEV_APPS.forEach((name, appid) -> this.wechat.configurePush(appid, pushUrl(name), DEV_TOKEN, DEV_KEY));
	}

	@AfterEach
	void removeTheShop() {
		DEV_APPS.forEach((name, appid) -> this.wechat.configurePush(appid,
				"http://localhost:9000" + WeChatPushController.PATH + "/" + name, DEV_TOKEN, DEV_KEY));
		this.fixture.jdbc()
			.update("DELETE FROM oauth2_registered_client WHERE client_settings::jsonb ->> ? = ?",
					WeChatApps.CLIENT_SETTING, SHOP);
		this.fixture.jdbc().update("DELETE FROM wechat_apps WHERE name = ?", SHOP);
		this.apps.refresh();
	}

	String pushUrl(String app) {
		return this.fixture.issuer() + WeChatPushController.PATH + "/" + app;
	}

	static String newPerson() {
		return "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
	}

	// URL verification

	@Test
	void verifyUrlWhenSignedWithTheAppsTokenThenEchostrAsPlainText() {
		PushReply reply = this.wechat.verifyPushUrl(MINI_PROGRAM);

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.body()).isEqualTo(reply.echostr());
	}

	@Test
	void verifyUrlWhenSignedWithAnotherTokenThen403AndNoEcho() {
		PushReply reply = this.wechat.verifyPushUrlForged(MINI_PROGRAM);

		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.body()).doesNotContain(reply.echostr());
	}

	@Test
	void verifyUrlWhenTheAnswerIsReadThenTextPlainAndNoSession() {
		long now = Instant.now().getEpochSecond();
		String signature = PushSignature.of(DEV_TOKEN, Long.toString(now), "4242");

		Http.Response response = this.fixture.http()
			.get(WeChatPushController.PATH + "/website?signature=" + signature + "&timestamp=" + now
					+ "&nonce=4242&echostr=1234567890123456789");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("1234567890123456789");
		assertThat(response.header("Content-Type")).startsWith("text/plain");
		assertThat(response.header("Set-Cookie")).isNull();
		Http.Response stale = this.fixture.http()
			.get(WeChatPushController.PATH + "/website?signature="
					+ PushSignature.of(DEV_TOKEN, Long.toString(now - 600), "4242") + "&timestamp=" + (now - 600)
					+ "&nonce=4242&echostr=1234567890123456789");
		assertRefused(stale, 400);
	}

	// every event, in safe mode to a dev app: XML and JSON

	@ParameterizedTest
	@CsvSource({ "xml", "json" })
	void revokeWhenTheIdentityWasThePersonsOnlyOneThenUnlinkedPersonDeletedTokensDeadAndANewLoginIsSomeoneNew(
			String format) {
		String person = newPerson();
		Login login = miniProgramLogin(person);
		String before = userOf(MINI_PROGRAM, person).orElseThrow();
		assertThat(sessionKeys(MINI_PROGRAM, person)).isEqualTo(1);

		PushReply reply = this.wechat.push(PushRequest.of(MINI_PROGRAM, REVOKE, person).mode("aes").format(format));

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.body()).isEqualTo("success");
		assertThat(userOf(MINI_PROGRAM, person)).isEmpty();
		assertThat(userExists(before)).isFalse();
		assertThat(sessionKeys(MINI_PROGRAM, person)).isZero();
		assertError(login.refresh(), 400, "invalid_grant");
		Login again = miniProgramLogin(person);
		assertThat(again.subject()).isNotEqualTo(before).isEqualTo(userOf(MINI_PROGRAM, person).orElseThrow());
	}

	@ParameterizedTest
	@CsvSource({ "xml", "json" })
	void revokeWhenThePersonHasAnotherIdentityThenOnlyThisAppsLinkAndGrantsGo(String format) {
		String person = newPerson();
		Login miniProgram = miniProgramLogin(person);
		Login app = mobileAppLogin(person);
		String user = userOf(MINI_PROGRAM, person).orElseThrow();
		assertThat(userOf(MOBILE_APP, person)).contains(user);

		PushReply reply = this.wechat.push(PushRequest.of(MINI_PROGRAM, REVOKE, person).mode("aes").format(format));

		assertThat(reply.taken()).as(reply.toString()).isTrue();
		assertThat(userOf(MINI_PROGRAM, person)).isEmpty();
		assertThat(userOf(MOBILE_APP, person)).contains(user);
		assertThat(sessionKeys(MINI_PROGRAM, person)).isZero();
		assertError(miniProgram.refresh(), 400, "invalid_grant");
		assertThat(app.refresh().status()).isEqualTo(200);
		// a new login links anew, to the same person by their unionid
		assertThat(miniProgramLogin(person).subject()).isEqualTo(user);
		assertThat(userOf(MINI_PROGRAM, person)).contains(user);
	}

	@ParameterizedTest
	@CsvSource({ "xml", "json" })
	void cancellationWhenThePersonHasIdentitiesAtTwoAppsThenBothAndThePersonGo(String format) {
		String person = newPerson();
		Login miniProgram = miniProgramLogin(person);
		Login app = mobileAppLogin(person);
		String user = userOf(MINI_PROGRAM, person).orElseThrow();

		PushReply reply = this.wechat.push(PushRequest.of(MOBILE_APP, CANCELLATION, person).mode("aes").format(format));

		assertThat(reply.taken()).as(reply.toString()).isTrue();
		assertThat(userOf(MINI_PROGRAM, person)).isEmpty();
		assertThat(userOf(MOBILE_APP, person)).isEmpty();
		assertThat(userExists(user)).isFalse();
		assertThat(sessionKeys(MINI_PROGRAM, person)).isZero();
		assertThat(rowsNaming(this.wechat.unionid(MINI_PROGRAM, person))).isZero();
		assertError(miniProgram.refresh(), 400, "invalid_grant");
		assertError(app.refresh(), 400, "invalid_grant");
	}

	@Test
	void cancellationWhenThePersonKeepsAnIdentityOfAnotherAccountThenItsIdentitiesGoAndTheyAreSignedOut() {
		String person = newPerson();
		Login miniProgram = miniProgramLogin(person);
		String user = userOf(MINI_PROGRAM, person).orElseThrow();
		// an identity of another WeChat account an operator linked to them (a merge)
		this.fixture.jdbc()
			.update("INSERT INTO wechat_identities (appid, openid, unionid, user_id, app_kind) VALUES (?, ?, NULL, ?::uuid,"
					+ " 'website')", WEBSITE, "o-other-account-" + person, user);

		PushReply reply = this.wechat.push(PushRequest.of(MINI_PROGRAM, CANCELLATION, person).mode("aes"));

		assertThat(reply.taken()).as(reply.toString()).isTrue();
		assertThat(userOf(MINI_PROGRAM, person)).isEmpty();
		assertThat(userExists(user)).isTrue();
		assertError(miniProgram.refresh(), 400, "invalid_grant");
	}

	@ParameterizedTest
	@CsvSource({ "xml", "json" })
	void infoModifiedWhenOurCopyIsFreshThenTheNextLoginReadsTheProfileAgain(String format) {
		String person = newPerson();
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		this.fixture.signIn(client, this.fixture.person(person, Browser.DESKTOP), "openid profile");
		WeChatLoginFixture.Calls userinfo = this.fixture.callsTo("/sns/userinfo");
		this.fixture.signIn(client, this.fixture.person(person, Browser.DESKTOP), "openid profile");
		assertThat(userinfo.count()).as("a fresh copy is not read again").isZero();

		PushReply reply = this.wechat.push(PushRequest.of(WEBSITE, INFO_MODIFIED, person).mode("aes").format(format));

		assertThat(reply.taken()).as(reply.toString()).isTrue();
		this.fixture.signIn(client, this.fixture.person(person, Browser.DESKTOP), "openid profile");
		assertThat(userinfo.count()).isEqualTo(1);
		assertThat(userOf(WEBSITE, person)).isPresent();
	}

	@Test
	void anotherMessageWhenPushedToTheSameUrlThenTakenAndLeftAlone() {
		String person = newPerson();
		miniProgramLogin(person);

		PushReply reply = this.wechat.push(PushRequest.of(MINI_PROGRAM, "subscribe", person).mode("aes"));

		assertThat(reply.taken()).as(reply.toString()).isTrue();
		assertThat(userOf(MINI_PROGRAM, person)).isPresent();
	}

	// every event in plaintext, to an app without an EncodingAESKey: XML and JSON (as WeChat's sample writes it)

	@ParameterizedTest
	@CsvSource({ "xml, false", "json, false", "json, true" })
	void plaintextWhenTheAppHasATokenOnlyThenEveryEventTaken(String format, boolean straySpaces) {
		addTheShop(null);
		String person = newPerson();
		Login first = shopLogin(person);
		String user = userOf(SHOP_APPID, person).orElseThrow();
		PushRequest modified = PushRequest.of(SHOP_APPID, INFO_MODIFIED, person).mode("plain").format(format);
		this.fixture.jdbc().update("UPDATE users SET profile_read_at = now() WHERE id = ?::uuid", user);

		assertThat(this.wechat.push(straySpaces ? modified.withStraySpaces() : modified).taken()).isTrue();
		assertThat(profileReadAt(user)).isEmpty();

		PushRequest revoke = PushRequest.of(SHOP_APPID, REVOKE, person).mode("plain").format(format);
		assertThat(this.wechat.push(straySpaces ? revoke.withStraySpaces() : revoke).taken()).isTrue();
		assertThat(userOf(SHOP_APPID, person)).isEmpty();
		assertThat(userExists(user)).isFalse();
		assertError(first.refresh(), 400, "invalid_grant");

		Login second = shopLogin(person);
		PushRequest cancellation = PushRequest.of(SHOP_APPID, CANCELLATION, person).mode("plain").format(format);
		assertThat(this.wechat.push(straySpaces ? cancellation.withStraySpaces() : cancellation).taken()).isTrue();
		assertThat(userOf(SHOP_APPID, person)).isEmpty();
		assertError(second.refresh(), 400, "invalid_grant");
	}

	@Test
	void plaintextWhenTheAppHasAnEncodingAesKeyThen403AndNothingChanged() {
		String person = newPerson();
		Login login = miniProgramLogin(person);

		PushReply reply = this.wechat.push(PushRequest.of(MINI_PROGRAM, REVOKE, person).mode("plain"));

		assertThat(reply.status()).isEqualTo(403);
		assertUnchanged(person, login);
	}

	@Test
	void pushWhenAStoredAppsSettingsAreSetThroughTheAdminApiThenSafeModeToo() {
		addTheShop("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij0123456");
		String person = newPerson();
		Login login = shopLogin(person);

		assertThat(this.wechat.push(PushRequest.of(SHOP_APPID, REVOKE, person).mode("plain")).status()).isEqualTo(403);
		PushReply reply = this.wechat.push(PushRequest.of(SHOP_APPID, REVOKE, person).mode("aes").format("json"));

		assertThat(reply.taken()).as(reply.toString()).isTrue();
		assertError(login.refresh(), 400, "invalid_grant");
	}

	@Test
	void pushWhenTheAppIsDisabledThenStillTaken() {
		addTheShop(null);
		String person = newPerson();
		shopLogin(person);
		Http.Response disabled = this.fixture.http()
			.send("PATCH", "/admin/v1/wechat-apps/" + SHOP, "application/merge-patch+json",
					"{\"disabled\": true}".getBytes(StandardCharsets.UTF_8), Http.bearer(adminToken()));
		assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);

		PushReply reply = this.wechat.push(PushRequest.of(SHOP_APPID, REVOKE, person).mode("plain"));

		assertThat(reply.taken()).as(reply.toString()).isTrue();
		assertThat(userOf(SHOP_APPID, person)).isEmpty();
	}

	// refusals: 4xx, problem JSON, nothing changed

	@Test
	void pushWhenSignedWithAnotherTokenThen403AndNothingChanged() {
		String person = newPerson();
		Login login = miniProgramLogin(person);

		PushReply reply = this.wechat.push(PushRequest.of(MINI_PROGRAM, REVOKE, person).mode("aes").forging("signature"));

		assertThat(reply.status()).isEqualTo(403);
		assertProblem(reply.body());
		assertUnchanged(person, login);
	}

	@Test
	void pushWhenTheMsgSignatureIsForgedThen403AndNothingChanged() {
		String person = newPerson();
		Login login = miniProgramLogin(person);

		PushReply reply = this.wechat
			.push(PushRequest.of(MINI_PROGRAM, CANCELLATION, person).mode("aes").forging("msg_signature"));

		assertThat(reply.status()).isEqualTo(403);
		assertUnchanged(person, login);
	}

	@Test
	void pushWhenEncryptedForAnotherAppThen403AndNothingChanged() {
		String person = newPerson();
		Login login = miniProgramLogin(person);

		PushReply reply = this.wechat.push(PushRequest.of(MINI_PROGRAM, CANCELLATION, person).mode("aes").forging("appid"));

		assertThat(reply.status()).isEqualTo(403);
		assertUnchanged(person, login);
	}

	@Test
	void pushWhenTheTimestampIsOutsideTheWindowThen400AndNothingChanged() {
		String person = newPerson();
		Login login = miniProgramLogin(person);
		long now = Instant.now().getEpochSecond();

		for (long timestamp : new long[] { now - 301, now + 301 }) {
			PushReply reply = this.wechat
				.push(PushRequest.of(MINI_PROGRAM, REVOKE, person).mode("aes").signedAt(timestamp, "77" + timestamp));

			assertThat(reply.status()).isEqualTo(400);
			assertProblem(reply.body());
		}
		assertUnchanged(person, login);
	}

	@Test
	void pushWhenReplayedThen409AndTheLinkMadeSinceStays() {
		String person = newPerson();
		miniProgramLogin(person);
		PushRequest revoke = PushRequest.of(MINI_PROGRAM, REVOKE, person)
			.mode("aes")
			.signedAt(Instant.now().getEpochSecond(), "replayed" + person);
		assertThat(this.wechat.push(revoke).taken()).isTrue();
		Login again = miniProgramLogin(person);

		PushReply replay = this.wechat.push(revoke);

		assertThat(replay.status()).isEqualTo(409);
		assertProblem(replay.body());
		assertUnchanged(person, again);
	}

	@Test
	void pushWhenRefusedThenItsTimestampAndNonceStayFreeForTheRealOne() {
		String person = newPerson();
		miniProgramLogin(person);
		PushRequest revoke = PushRequest.of(MINI_PROGRAM, REVOKE, person)
			.mode("aes")
			.signedAt(Instant.now().getEpochSecond(), "first" + person);

		assertThat(this.wechat.push(revoke.forging("msg_signature")).status()).isEqualTo(403);
		PushReply real = this.wechat.push(revoke);

		assertThat(real.taken()).as(real.toString()).isTrue();
		assertThat(userOf(MINI_PROGRAM, person)).isEmpty();
	}

	@Test
	void sameEventTwiceThenTheSecondChangesNothingMore() {
		String person = newPerson();
		miniProgramLogin(person);
		Login app = mobileAppLogin(person);
		assertThat(this.wechat.push(PushRequest.of(MINI_PROGRAM, REVOKE, person).mode("aes")).taken()).isTrue();
		Map<String, Integer> before = counts();

		PushReply again = this.wechat.push(PushRequest.of(MINI_PROGRAM, REVOKE, person).mode("aes"));

		assertThat(again.taken()).isTrue();
		assertThat(counts()).isEqualTo(before);
		assertThat(app.refresh().status()).isEqualTo(200);
	}

	@Test
	void pushWhenNoAppOfOursOrOneWithoutAPushTokenThen404() {
		addTheShopWithoutPush();
		long now = Instant.now().getEpochSecond();
		for (String app : List.of("no-such-app", SHOP, "..%2Fadmin")) {
			String query = "?signature=" + PushSignature.of(DEV_TOKEN, Long.toString(now), "1") + "&timestamp=" + now
					+ "&nonce=1";
			Http.Response response = this.fixture.http()
				.send("POST", WeChatPushController.PATH + "/" + app + query, "text/xml",
						"<xml/>".getBytes(StandardCharsets.UTF_8));

			if (app.contains("%")) {
				assertThat(response.status()).as(app).isBetween(400, 404);
				assertThat(response.body()).doesNotContain("Exception");
			}
			else {
				assertRefused(response, 404);
			}
		}
	}

	@Test
	void pushWhenMalformedThen4xxProblemJsonAndNothingChanged() {
		String person = newPerson();
		Login login = miniProgramLogin(person);
		long now = Instant.now().getEpochSecond();
		String signed = "?signature=" + PushSignature.of(DEV_TOKEN, Long.toString(now), "99") + "&timestamp=" + now
				+ "&nonce=99&encrypt_type=aes&msg_signature=";
		String path = WeChatPushController.PATH + "/mini-program";
		Http http = this.fixture.http();

		assertRefused(http.send("POST", path, "text/xml", new byte[0]), 400);
		assertRefused(http.send("POST", path + "?timestamp=" + now + "&nonce=99", "text/xml", new byte[0]), 400);
		assertRefused(http.send("POST", path + "?signature=x&timestamp=soon&nonce=99", "text/xml", new byte[0]), 400);
		assertRefused(http.send("POST", path + signed + "x", "text/xml", "<xml><ToUserName>gh</ToUserName></xml>"
			.getBytes(StandardCharsets.UTF_8)), 400);
		assertRefused(http.send("POST", path + signed + "x", "text/xml", "not xml".getBytes(StandardCharsets.UTF_8)),
				400);
		assertRefused(http.send("POST", path + signed + "x", "application/json",
				"{\"Encrypt\": \"%%%\"}".getBytes(StandardCharsets.UTF_8)), 403);
		byte[] huge = new byte[WeChatPushController.MAX_BODY + 1];
		java.util.Arrays.fill(huge, (byte) ' ');
		assertRefused(http.send("POST", path + signed + "x", "text/xml", huge), 413);
		assertRefused(http.send("PUT", path + signed + "x", "text/xml", new byte[0]), 405);
		assertUnchanged(person, login);
	}

	@Test
	void eventWhenAboutNobodyOrAnotherAppsPeopleThenRefused() {
		addTheShop(null);

		assertRefused(postSigned(SHOP, SHOP_TOKEN,
				"<xml><MsgType>event</MsgType><Event>user_authorization_revoke</Event></xml>"), 400);
		assertRefused(postSigned(SHOP, SHOP_TOKEN, "<xml><MsgType>event</MsgType><Event>user_authorization_revoke"
				+ "</Event><OpenID>o1</OpenID><AppID>" + MINI_PROGRAM + "</AppID></xml>"), 403);
		assertRefused(postSigned(SHOP, SHOP_TOKEN, "<xml><MsgType>event</MsgType><Event>user_info_modified</Event>"
				+ "<OpenID>o 1</OpenID></xml>"), 400);
	}

	/** A plaintext push signed with {@code token}, now, with a fresh nonce. */
	Http.Response postSigned(String app, String token, String body) {
		String now = Long.toString(Instant.now().getEpochSecond());
		String nonce = Integer.toString(ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE));
		return this.fixture.http()
			.send("POST", WeChatPushController.PATH + "/" + app + "?signature=" + PushSignature.of(token, now, nonce)
					+ "&timestamp=" + now + "&nonce=" + nonce, "text/xml", body.getBytes(StandardCharsets.UTF_8));
	}

	// counted, and logged without the person

	@Test
	void pushesWhenTakenOrRefusedThenCountedByAppEventAndOutcomeAndLoggedWithoutThePerson(CapturedOutput output) {
		String person = newPerson();
		miniProgramLogin(person);
		PrometheusScrape before = scrape();

		this.wechat.push(PushRequest.of(MINI_PROGRAM, REVOKE, person).mode("aes").forging("signature"));
		this.wechat.push(PushRequest.of(MINI_PROGRAM, REVOKE, person).mode("aes"));
		this.wechat.push(PushRequest.of(MINI_PROGRAM, REVOKE, person).mode("aes"));
		this.wechat.push(PushRequest.of(MINI_PROGRAM, INFO_MODIFIED, person).mode("aes"));
		this.wechat.verifyPushUrl(MINI_PROGRAM);
		this.fixture.http().send("POST", WeChatPushController.PATH + "/no-such-app", "text/xml", new byte[0]);

		PrometheusScrape moved = scrape().since(before);
		String events = "wxauth_wechat_events_total";
		assertThat(moved.sum(events, "app", "mini-program", "event", "none", "outcome", "forged")).isEqualTo(1);
		assertThat(moved.sum(events, "app", "mini-program", "event", REVOKE, "outcome", "user-deleted")).isEqualTo(1);
		assertThat(moved.sum(events, "app", "mini-program", "event", REVOKE, "outcome", "unchanged")).isEqualTo(1);
		assertThat(moved.sum(events, "app", "mini-program", "event", INFO_MODIFIED, "outcome", "unchanged"))
			.isEqualTo(1);
		assertThat(moved.sum(events, "app", "mini-program", "event", "url_verification", "outcome", "verified"))
			.isEqualTo(1);
		assertThat(moved.sum(events, "app", "unknown", "outcome", "unknown-app")).isEqualTo(1);
		assertThat(output.getAll()).contains("WeChat event user_authorization_revoke for app mini-program")
			.doesNotContain(this.wechat.openid(MINI_PROGRAM, person), this.wechat.unionid(MINI_PROGRAM, person));
	}

	// helpers

	void addTheShop(String encodingAesKey) {
		Http.Response created = admin().postJson("/admin/v1/wechat-apps", """
				{"name": "%s", "kind": "mini-program", "appid": "%s", "secret": "secret-mini-c3",
				 "push_token": "%s"%s}""".formatted(SHOP, SHOP_APPID, SHOP_TOKEN,
				(encodingAesKey != null) ? ", \"encoding_aes_key\": \"" + encodingAesKey + "\"" : ""),
				Http.bearer(adminToken()));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.body()).doesNotContain(SHOP_TOKEN);
		this.wechat.configurePush(SHOP_APPID, pushUrl(SHOP), SHOP_TOKEN, encodingAesKey);
	}

	void addTheShopWithoutPush() {
		Http.Response created = admin().postJson("/admin/v1/wechat-apps", """
				{"name": "%s", "kind": "mini-program", "appid": "%s", "secret": "secret-mini-c3"}"""
			.formatted(SHOP, SHOP_APPID), Http.bearer(adminToken()));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
	}

	Http admin() {
		return this.fixture.http();
	}

	String adminToken() {
		Http.Response token = this.fixture.http()
			.postForm("/oauth2/token", form("grant_type", "client_credentials", "scope", "wxauth.admin"),
					Http.basic("wxauth-admin", "wxauth-admin-secret"));
		return token.json().get("access_token").asString();
	}

	Login miniProgramLogin(String person) {
		CodeGrantClient client = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		return login(client, client.login(this.wechat.mintJsCode(MINI_PROGRAM, person)));
	}

	Login mobileAppLogin(String person) {
		CodeGrantClient client = this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(),
				WeChatGrantTypes.MOBILE_APP);
		return login(client, client.login(this.wechat.mintAppCode(MOBILE_APP, person)));
	}

	Login shopLogin(String person) {
		CodeGrantClient client = this.fixture.codeGrantClient(
				WeChatCodeClients.publicClient("shop-" + UUID.randomUUID(), WeChatGrantTypes.MINI_PROGRAM, SHOP),
				WeChatGrantTypes.MINI_PROGRAM);
		return login(client, client.login(this.wechat.mintJsCode(SHOP_APPID, person)));
	}

	Login login(CodeGrantClient client, Http.Response tokens) {
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		return new Login(client, tokens.json(), this.fixture);
	}

	Optional<String> userOf(String appid, String person) {
		return this.fixture.jdbc()
			.queryForList("SELECT user_id::text FROM wechat_identities WHERE appid = ? AND openid = ?", String.class,
					appid, this.wechat.openid(appid, person))
			.stream()
			.findFirst();
	}

	boolean userExists(String id) {
		return this.fixture.jdbc().queryForObject("SELECT count(*) FROM users WHERE id = ?::uuid", Integer.class, id) > 0;
	}

	Optional<Instant> profileReadAt(String user) {
		return Optional.ofNullable(this.fixture.jdbc()
			.queryForObject("SELECT profile_read_at FROM users WHERE id = ?::uuid", java.sql.Timestamp.class, user))
			.map(java.sql.Timestamp::toInstant);
	}

	int sessionKeys(String appid, String person) {
		return this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM wechat_session_keys WHERE appid = ? AND openid = ?", Integer.class,
					appid, this.wechat.openid(appid, person));
	}

	int rowsNaming(String unionid) {
		return this.fixture.jdbc()
			.queryForObject("SELECT (SELECT count(*) FROM wechat_identities WHERE unionid = ?)"
					+ " + (SELECT count(*) FROM wechat_code_redemptions WHERE unionid = ?)", Integer.class, unionid,
					unionid);
	}

	/** What a push may change, counted. */
	Map<String, Integer> counts() {
		return Map.of("users", this.fixture.rows("users"), "identities", this.fixture.rows("wechat_identities"),
				"session keys", this.fixture.rows("wechat_session_keys"), "authorizations",
				this.fixture.rows("oauth2_authorization"), "consents", this.fixture.rows("oauth2_authorization_consent"));
	}

	/** The person still there, linked as before, their refresh token still good. */
	void assertUnchanged(String person, Login login) {
		assertThat(userOf(MINI_PROGRAM, person)).contains(login.subject());
		assertThat(sessionKeys(MINI_PROGRAM, person)).isEqualTo(1);
		assertThat(login.refresh().status()).isEqualTo(200);
	}

	static void assertRefused(Http.Response response, int status) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
		assertProblem(response.body());
	}

	static void assertProblem(String body) {
		assertThat(body).contains("\"status\"").doesNotContain("Exception", "\tat ", "trace");
	}

	PrometheusScrape scrape() {
		return PrometheusScrape.parse(new Http("http://localhost:" + this.managementPort).get("/actuator/prometheus")
			.body());
	}

	/** A login's client and tokens: the refresh token rotates, so each refresh uses the latest. */
	static final class Login {

		private final CodeGrantClient client;

		private final WeChatLoginFixture fixture;

		private JsonNode tokens;

		Login(CodeGrantClient client, JsonNode tokens, WeChatLoginFixture fixture) {
			this.client = client;
			this.tokens = tokens;
			this.fixture = fixture;
		}

		String subject() {
			return this.fixture.accessToken(this.tokens).getSubject();
		}

		Http.Response refresh() {
			Http.Response refreshed = this.client.refresh(this.tokens.get("refresh_token").asString());
			if (refreshed.status() == 200) {
				this.tokens = refreshed.json();
			}
			return refreshed;
		}

	}

}
