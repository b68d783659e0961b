package dev.wxauth.server.user;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.wxauth.server.federation.UserFederation;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.Jwts;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.wechat.AppKind;
import dev.wxauth.server.wechat.WeChatIdentity;
import dev.wxauth.server.wechat.miniprogram.SessionKeyStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionOperations;

import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.MOBILE_APP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PersonalData}'s operations on people who signed in through the emulator, checked by what their tokens can
 * still do over HTTP and by what is left in the database.
 */
@AuthServerTest
class PersonalDataTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	PersonalData personalData;

	@Autowired
	UserFederation federation;

	@Autowired
	SessionKeyStore sessionKeys;

	@Autowired
	TransactionOperations transactions;

	CodeGrantClient miniProgram;

	CodeGrantClient mobileApp;

	String person;

	@BeforeEach
	void setUp() {
		this.miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		this.mobileApp = this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(),
				WeChatGrantTypes.MOBILE_APP);
		this.person = "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_000_000);
	}

	JsonNode miniProgramLogin(CodeGrantClient client) {
		return tokens(client.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, this.person), "openid"));
	}

	JsonNode mobileAppLogin() {
		return tokens(this.mobileApp.login(this.fixture.wechat().mintAppCode(MOBILE_APP, this.person), "openid"));
	}

	static JsonNode tokens(Http.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	UUID sub(JsonNode tokens) {
		return UUID.fromString(Jwts.verified(this.fixture.issuer(), tokens.get("access_token").asString()).getSubject());
	}

	String openid(String appid) {
		return this.fixture.wechat().openid(appid, this.person);
	}

	int count(String sql, Object... arguments) {
		return this.fixture.jdbc().queryForObject("SELECT count(*) FROM " + sql, Integer.class, arguments);
	}

	static void assertRefreshes(CodeGrantClient client, JsonNode tokens) {
		assertThat(client.refresh(tokens.get("refresh_token").asString()).status()).isEqualTo(200);
	}

	static void assertRefreshRefused(CodeGrantClient client, JsonNode tokens) {
		assertError(client.refresh(tokens.get("refresh_token").asString()), 400, "invalid_grant");
	}

	@Test
	void operationsWhenNoSuchPersonThenNothingChanges() {
		UUID nobody = UUID.randomUUID();

		assertThat(this.personalData.delete(nobody)).isFalse();
		assertThat(this.personalData.signOutEverywhere(nobody)).isFalse();
		assertThat(this.personalData.revokeClient(nobody, this.miniProgram.clientId())).isFalse();
		assertThat(this.personalData.unlink(nobody, MINI_PROGRAM, "nobodys-openid")).isFalse();
		assertThat(this.personalData.unlink(MINI_PROGRAM, "nobodys-openid", List.of(), true))
			.isEqualTo(PersonalData.Unlinked.NOT_LINKED);
	}

	@Test
	void unlinkWhenThePersonHasAnotherIdentityThenOnlyTheIdentityAndItsAppsGrantsGo() {
		JsonNode miniProgramTokens = miniProgramLogin(this.miniProgram);
		JsonNode mobileAppTokens = mobileAppLogin();
		UUID sub = sub(miniProgramTokens);
		assertThat(sub(mobileAppTokens)).as("one person, by unionid").isEqualTo(sub);

		PersonalData.Unlinked unlinked = this.personalData.unlink(MINI_PROGRAM, openid(MINI_PROGRAM),
				List.of(this.miniProgram.clientId()), true);

		assertThat(unlinked).isEqualTo(PersonalData.Unlinked.UNLINKED);
		assertRefreshRefused(this.miniProgram, miniProgramTokens);
		assertRefreshes(this.mobileApp, mobileAppTokens);
		assertThat(count("wechat_identities WHERE user_id = ?", sub)).isOne();
		assertThat(count("wechat_session_keys WHERE appid = ? AND openid = ?", MINI_PROGRAM, openid(MINI_PROGRAM)))
			.isZero();
		assertThat(this.personalData.unlink(MINI_PROGRAM, openid(MINI_PROGRAM), List.of(this.miniProgram.clientId()),
				true))
			.as("the same event twice")
			.isEqualTo(PersonalData.Unlinked.NOT_LINKED);
		assertThat(count("users WHERE id = ?", sub)).isOne();
	}

	@Test
	void unlinkWhenTheLastIdentityAndAskedThenThePersonIsDeleted() {
		JsonNode tokens = miniProgramLogin(this.miniProgram);
		UUID sub = sub(tokens);

		PersonalData.Unlinked unlinked = this.personalData.unlink(MINI_PROGRAM, openid(MINI_PROGRAM),
				List.of(this.miniProgram.clientId()), true);

		assertThat(unlinked).isEqualTo(PersonalData.Unlinked.PERSON_DELETED);
		assertThat(count("users WHERE id = ?", sub)).isZero();
		assertRefreshRefused(this.miniProgram, tokens);
		assertThat(sub(miniProgramLogin(this.miniProgram))).as("someone new").isNotEqualTo(sub);
	}

	@Test
	void unlinkWhenTheLastIdentityAndNotAskedThenThePersonIsKeptWithoutIdentity() {
		JsonNode tokens = miniProgramLogin(this.miniProgram);
		UUID sub = sub(tokens);

		PersonalData.Unlinked unlinked = this.personalData.unlink(MINI_PROGRAM, openid(MINI_PROGRAM),
				List.of(this.miniProgram.clientId()), false);

		assertThat(unlinked).isEqualTo(PersonalData.Unlinked.UNLINKED);
		assertThat(count("users WHERE id = ?", sub)).isOne();
		assertThat(this.personalData.identities(sub)).isEmpty();
		assertRefreshRefused(this.miniProgram, tokens);
	}

	@Test
	void unlinkWhenByOurIdThenTheIdentityGoesAndTheGrantsStay() {
		JsonNode tokens = miniProgramLogin(this.miniProgram);
		UUID sub = sub(tokens);

		assertThat(this.personalData.unlink(sub, MINI_PROGRAM, openid(MINI_PROGRAM))).isTrue();

		assertThat(this.personalData.identities(sub)).isEmpty();
		assertThat(count("wechat_session_keys WHERE appid = ? AND openid = ?", MINI_PROGRAM, openid(MINI_PROGRAM)))
			.isZero();
		assertThat(this.personalData.unlink(sub, MINI_PROGRAM, openid(MINI_PROGRAM))).isFalse();
	}

	@Test
	void revokeClientWhenTheClientHoldsGrantsThenOnlyItsGrantsAndConsentGo() {
		CodeGrantClient other = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		JsonNode revokedTokens = miniProgramLogin(this.miniProgram);
		JsonNode keptTokens = miniProgramLogin(other);
		UUID sub = sub(revokedTokens);
		for (String clientId : List.of(this.miniProgram.clientId(), other.clientId())) {
			this.fixture.jdbc()
				.update("INSERT INTO oauth2_authorization_consent (registered_client_id, principal_name, authorities)"
						+ " SELECT id, ?, 'SCOPE_openid' FROM oauth2_registered_client WHERE client_id = ?",
						sub.toString(), clientId);
		}
		assertThat(this.personalData.authorizedClients(sub)).extracting(PersonalData.AuthorizedClient::clientId)
			.containsExactlyInAnyOrder(this.miniProgram.clientId(), other.clientId());

		assertThat(this.personalData.revokeClient(sub, this.miniProgram.clientId())).isTrue();

		assertRefreshRefused(this.miniProgram, revokedTokens);
		assertRefreshes(other, keptTokens);
		assertThat(this.personalData.authorizedClients(sub)).extracting(PersonalData.AuthorizedClient::clientId)
			.containsExactly(other.clientId());
		assertThat(this.personalData.revokeClient(sub, this.miniProgram.clientId())).as("nothing left to revoke")
			.isFalse();
		assertThat(this.personalData.identities(sub)).hasSize(1);
	}

	@Test
	void signOutEverywhereWhenSignedInInABrowserAndAnAppThenEverySessionAndTokenEnds() {
		OidcTestClient web = this.fixture.webClient(TestRegisteredClients.webClient());
		JsonNode webTokens = this.fixture.signIn(web, this.fixture.person(this.person, Browser.DESKTOP), "openid");
		JsonNode appTokens = mobileAppLogin();
		UUID sub = sub(appTokens);
		assertThat(count("spring_session WHERE principal_name = ?", sub.toString())).isPositive();

		assertThat(this.personalData.signOutEverywhere(sub)).isTrue();

		assertThat(count("spring_session WHERE principal_name = ?", sub.toString())).isZero();
		assertThat(count("oauth2_authorization WHERE principal_name = ?", sub.toString())).isZero();
		assertRefreshRefused(this.mobileApp, appTokens);
		assertError(web.refresh(webTokens.get("refresh_token").asString()), 400, "invalid_grant");
		assertThat(this.personalData.identities(sub)).as("the person stays").hasSize(2);
	}

	/**
	 * A returning mini-program login, as {@code MiniProgramLogins} runs it in one transaction (the identity's row
	 * recorded, then its new session key saved), meets the person's deletion between its two statements. Locking in
	 * the same order, the deletion waits for the login, then deletes what it wrote; locking the other way round,
	 * PostgreSQL would find the two waiting on each other and abort one ({@code 40P01}).
	 */
	@Test
	void deleteWhenAMiniProgramLoginOfThePersonIsUnderWayThenItWaitsForItWithoutDeadlock() throws Exception {
		UUID sub = sub(miniProgramLogin(this.miniProgram));
		WeChatIdentity identity = new WeChatIdentity(MINI_PROGRAM, AppKind.MINI_PROGRAM, openid(MINI_PROGRAM), null,
				null, null);
		CompletableFuture<Boolean> deletion = new CompletableFuture<>();

		this.transactions.executeWithoutResult((login) -> {
			assertThat(this.federation.federate(identity).id()).isEqualTo(sub);
			Thread.ofPlatform().start(() -> {
				try {
					deletion.complete(this.personalData.delete(sub));
				}
				catch (Throwable ex) {
					deletion.completeExceptionally(ex);
				}
			});
			awaitAWaitForALock();
			this.sessionKeys.save(MINI_PROGRAM, openid(MINI_PROGRAM), "the-next-session-key");
		});

		assertThat(deletion.get(30, TimeUnit.SECONDS)).isTrue();
		assertThat(count("users WHERE id = ?", sub)).isZero();
		assertThat(count("wechat_session_keys WHERE appid = ? AND openid = ?", MINI_PROGRAM, openid(MINI_PROGRAM)))
			.as("what the login wrote is deleted with the person").isZero();
	}

	/** Until another transaction of this database waits for a row lock (for at most ten seconds). */
	void awaitAWaitForALock() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.fixture.jdbc().queryForObject("SELECT count(*) FROM pg_stat_activity"
				+ " WHERE datname = current_database() AND wait_event_type = 'Lock'", Integer.class) == 0) {
			assertThat(System.nanoTime()).as("a transaction waiting for a lock").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

}
