package dev.wxauth.server.authorization;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.Pages;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No tokens for a person an operator disabled, deleted or merged into another, also from an authorization that
 * outlived the revocation: a login whose check passed just before the operator's change committed saves its
 * authorization just after. Each test loses that race on purpose, by changing the person in SQL and leaving their
 * authorizations alone.
 */
@AuthServerTest
class DisabledPersonTokensTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	/** Someone the emulator makes up on the spot: disabling them disturbs no other test. */
	static String newPerson() {
		return "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_000_000);
	}

	/** What an operator did to the person, in SQL, without revoking anything. */
	enum Change {

		DISABLED, DELETED, MERGED_AWAY

	}

	@ParameterizedTest
	@EnumSource
	void codeExchangeWhenPersonChangedAfterTheCodeWasIssuedThenInvalidGrant(Change change) {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String person = newPerson();
		String code = code(client, person);

		apply(change, this.fixture.userId(WEBSITE, person));

		assertError(client.redeem(code), 400, "invalid_grant");
	}

	@ParameterizedTest
	@EnumSource
	void refreshWhenPersonChangedThenInvalidGrant(Change change) {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String person = newPerson();
		String refreshToken = signIn(client, person);

		apply(change, this.fixture.userId(WEBSITE, person));

		assertError(client.refresh(refreshToken), 400, "invalid_grant");
	}

	@ParameterizedTest
	@EnumSource
	void consentWhenPersonChangedWhileThePageWasShownThenNotRememberedAndNoTokens(Change change) {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient()
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(true).build()));
		String person = newPerson();
		Browser browser = this.fixture.person(person, Browser.DESKTOP);
		Browser.Visit consent = browser.open(client.authorizationUrl("openid api.read"), client::isRedirectUri);
		assertThat(consent.page()).as("a consent page: " + consent.hops()).isNotNull();
		String sub = this.fixture.userId(WEBSITE, person);

		apply(change, sub);
		Pages.Form approve = Pages.form(consent.page().body(), "approve");
		Browser.Visit approved = browser.submit(this.fixture.issuer() + approve.action(), approve.fields(),
				client::isRedirectUri);

		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM oauth2_authorization_consent WHERE principal_name = ?", Integer.class,
					sub))
			.as("no consent remembered for a person %s", change)
			.isZero();
		String code = parameters(approved.last()).get("code");
		if (code != null) {
			assertError(client.redeem(code), 400, "invalid_grant");
		}
	}

	@Test
	void codeExchangeWhenADisableIsStillOpenThenItWaitsForItAndGetsInvalidGrant() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String person = newPerson();
		String code = code(client, person);
		String sub = this.fixture.userId(WEBSITE, person);
		TransactionTemplate operator = new TransactionTemplate(
				new DataSourceTransactionManager(this.fixture.jdbc().getDataSource()));
		CompletableFuture<Http.Response> exchange = new CompletableFuture<>();

		operator.executeWithoutResult((transaction) -> {
			// the operator's disable, not committed yet when the exchange saves its tokens
			this.fixture.jdbc().update("UPDATE users SET disabled_at = now() WHERE id = ?::uuid", sub);
			Thread.ofVirtual().start(() -> exchange.complete(client.redeem(code)));
			sleep(1_500);
			assertThat(exchange).as("the save waits for the open disable").isNotDone();
		});

		assertError(exchange.get(10, TimeUnit.SECONDS), 400, "invalid_grant");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void refreshWhenPersonDisabledAndEnabledAgainThenStillInvalidGrant() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String person = newPerson();
		String refreshToken = signIn(client, person);
		String sub = this.fixture.userId(WEBSITE, person);
		apply(Change.DISABLED, sub);
		assertError(client.refresh(refreshToken), 400, "invalid_grant");

		this.fixture.jdbc().update("UPDATE users SET disabled_at = NULL WHERE id = ?::uuid", sub);

		assertError(client.refresh(refreshToken), 400, "invalid_grant");
	}

	@Test
	void refreshWhenClientReusesRefreshTokensAndPersonDisabledThenInvalidGrant() {
		OidcTestClient client = this.fixture.webClient(
				TestRegisteredClients.webClient().tokenSettings(TokenSettings.builder().reuseRefreshTokens(true).build()));
		String person = newPerson();
		String refreshToken = signIn(client, person);

		apply(Change.DISABLED, this.fixture.userId(WEBSITE, person));

		assertError(client.refresh(refreshToken), 400, "invalid_grant");
	}

	@Test
	void refreshWhenPublicClientsPersonDisabledThenInvalidGrant() {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		String person = newPerson();
		Http.Response tokens = miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, person), "openid");
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);

		apply(Change.DISABLED, this.fixture.userId(MINI_PROGRAM, person));

		assertError(miniProgram.refresh(tokens.json().get("refresh_token").asString()), 400, "invalid_grant");
	}

	@Test
	void miniProgramLoginWhenPersonDisabledBetweenTheLoginAndItsTokensThenInvalidGrant() {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		String person = newPerson();
		assertThat(miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, person), "openid").status())
			.isEqualTo(200);
		String sub = this.fixture.userId(MINI_PROGRAM, person);
		String openid = this.fixture.wechat().openid(MINI_PROGRAM, person);
		// the operator's disabling commits with the login's own statement, after it read the person enabled
		this.fixture.jdbc().execute("""
				CREATE FUNCTION disable_after_login() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN UPDATE users SET disabled_at = now() WHERE id = NEW.user_id; RETURN NULL; END $$""");
		this.fixture.jdbc().execute("CREATE TRIGGER disable_after_login AFTER UPDATE ON wechat_identities FOR EACH ROW"
				+ " WHEN (NEW.openid = '" + openid + "') EXECUTE FUNCTION disable_after_login()");
		try {
			Http.Response refused = miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, person), "openid");

			assertError(refused, 400, "invalid_grant");
		}
		finally {
			this.fixture.jdbc().execute("DROP TRIGGER disable_after_login ON wechat_identities");
			this.fixture.jdbc().execute("DROP FUNCTION disable_after_login()");
		}
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM oauth2_authorization WHERE principal_name = ?", Integer.class, sub))
			.as("only the first login's authorization").isEqualTo(1);
	}

	@Test
	void codeExchangeAndRefreshWhenPersonEnabledThenTokens() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		String refreshToken = signIn(client, newPerson());

		Http.Response refreshed = client.refresh(refreshToken);

		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		assertThat(client.refresh(refreshed.json().get("refresh_token").asString()).status()).isEqualTo(200);
	}

	/** A code of {@code person}'s browser sign-in, not yet redeemed. */
	private String code(OidcTestClient client, String person) {
		Browser.Visit visit = this.fixture.person(person, Browser.DESKTOP)
			.open(client.authorizationUrl("openid api.read"), client::isRedirectUri);
		String code = parameters(visit.last()).get("code");
		assertThat(code).as("code in the redirect: %s", visit.hops()).isNotNull();
		return code;
	}

	/** @return the refresh token of {@code person}'s browser sign-in */
	private String signIn(OidcTestClient client, String person) {
		Http.Response tokens = client.redeem(code(client, person));
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		return tokens.json().get("refresh_token").asString();
	}

	private void apply(Change change, String sub) {
		switch (change) {
			case DISABLED -> this.fixture.jdbc().update("UPDATE users SET disabled_at = now() WHERE id = ?::uuid", sub);
			case DELETED -> this.fixture.jdbc().update("DELETE FROM users WHERE id = ?::uuid", sub);
			case MERGED_AWAY -> mergeAway(sub);
		}
	}

	/** What a merge leaves of the person: their identities another's, their id recorded as merged into them. */
	private void mergeAway(String merged) {
		UUID kept = UUID.randomUUID();
		this.fixture.jdbc().update("INSERT INTO users (id) VALUES (?)", kept);
		this.fixture.jdbc().update("UPDATE wechat_identities SET user_id = ? WHERE user_id = ?::uuid", kept, merged);
		this.fixture.jdbc().update("DELETE FROM users WHERE id = ?::uuid", merged);
		this.fixture.jdbc()
			.update("INSERT INTO merged_users (merged_id, into_user_id) VALUES (?::uuid, ?)", merged, kept);
	}

}
