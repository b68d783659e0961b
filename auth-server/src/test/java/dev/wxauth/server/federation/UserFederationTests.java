package dev.wxauth.server.federation;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.wxauth.server.wechat.AppKind;
import dev.wxauth.server.testing.MigratedDatabase;
import dev.wxauth.server.testing.MutableClock;
import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.WeChatIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Federation of WeChat identities into our users, on a real database.
 */
class UserFederationTests {

	static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	final MigratedDatabase database = new MigratedDatabase("federation");

	final JdbcTemplate jdbc = this.database.jdbc();

	static final Duration PROFILE_MAX_AGE = Duration.ofDays(1);

	final MutableClock clock = new MutableClock(NOW);

	final UserFederation federation = federation(PROFILE_MAX_AGE);

	UserFederation federation(Duration profileMaxAge) {
		return new UserFederation(new UserRepository(this.jdbc),
				new TransactionTemplate(new DataSourceTransactionManager(this.database.dataSource())), profileMaxAge,
				this.clock);
	}

	@AfterEach
	void close() {
		this.database.close();
	}

	static WeChatIdentity website(String openid, String unionid, String nickname) {
		return new WeChatIdentity("wx-website", AppKind.WEBSITE, openid, unionid, nickname, null);
	}

	int count(String table) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
	}

	String nickname(UUID user) {
		return this.jdbc.queryForObject("SELECT nickname FROM users WHERE id = ?", String.class, user);
	}

	Instant lastLogin(String openid) {
		return this.jdbc.queryForObject("SELECT last_login_at FROM wechat_identities WHERE openid = ?",
				Timestamp.class, openid).toInstant();
	}

	/** A profile read from WeChat: counts its reads. */
	static final class Profiles {

		int reads;

		Supplier<WeChatIdentity> read(WeChatIdentity identity, String nickname) {
			return () -> {
				this.reads++;
				return new WeChatIdentity(identity.appid(), identity.appKind(), identity.openid(), identity.unionid(),
						nickname, "https://thirdwx.qlogo.cn/avatar/0");
			};
		}

	}

	@Test
	void federateWhenFirstLoginThenProfileReadAndKept() {
		Profiles profiles = new Profiles();
		WeChatIdentity alice = website("o-alice", "u-alice", null);

		UUID user = this.federation.federate(alice, profiles.read(alice, "Alice")).id();

		assertThat(profiles.reads).isEqualTo(1);
		assertThat(nickname(user)).isEqualTo("Alice");
	}

	@Test
	void federateWhenProfileReadWithinMaxAgeThenNotReadAgainButLoginRecorded() {
		Profiles profiles = new Profiles();
		WeChatIdentity alice = website("o-alice", "u-alice", null);
		UUID first = this.federation.federate(alice, profiles.read(alice, "Alice")).id();
		this.clock.advance(PROFILE_MAX_AGE.minusMinutes(1));

		UUID again = this.federation.federate(alice, profiles.read(alice, "Alice Liu")).id();

		assertThat(again).isEqualTo(first);
		assertThat(profiles.reads).isEqualTo(1);
		assertThat(nickname(first)).isEqualTo("Alice");
		assertThat(lastLogin("o-alice")).isEqualTo(this.clock.instant());
	}

	@Test
	void federateWhenProfileOlderThanMaxAgeThenReadAgain() {
		Profiles profiles = new Profiles();
		WeChatIdentity alice = website("o-alice", "u-alice", null);
		UUID first = this.federation.federate(alice, profiles.read(alice, "Alice")).id();
		this.clock.advance(PROFILE_MAX_AGE.plusMinutes(1));

		UUID again = this.federation.federate(alice, profiles.read(alice, "Alice Liu")).id();

		assertThat(again).isEqualTo(first);
		assertThat(profiles.reads).isEqualTo(2);
		assertThat(nickname(first)).isEqualTo("Alice Liu");
		assertThat(count("users")).isEqualTo(1);
	}

	@Test
	void federateWhenAChosenProfileIsOldThenAProfileLessLoginKeepsItAndAReadWithoutANameKeepsTheName() {
		WeChatIdentity dave = new WeChatIdentity("wx-mini", AppKind.MINI_PROGRAM, "o-dave-mp", "u-dave", null, null);
		UUID user = this.federation.federate(dave).id();
		new UserRepository(this.jdbc).updateChosenProfile(user, "Dave \uD83D\uDC09", "https://issuer/avatars/a", NOW);
		this.clock.advance(PROFILE_MAX_AGE.plusDays(1));

		this.federation.federate(dave);
		assertThat(nickname(user)).isEqualTo("Dave \uD83D\uDC09");
		WeChatIdentity daveOnTheWeb = website("o-dave-web", "u-dave", null);
		Profiles profiles = new Profiles();
		this.federation.federate(daveOnTheWeb, profiles.read(daveOnTheWeb, null));

		assertThat(profiles.reads).isEqualTo(1);
		assertThat(nickname(user)).as("WeChat gave no name: the chosen one stays").isEqualTo("Dave \uD83D\uDC09");
	}

	@Test
	void federateWhenKnownButProfileNeverReadThenProfileRead() {
		WeChatIdentity carol = new WeChatIdentity("wx-oa", AppKind.OFFICIAL_ACCOUNT, "o-carol-oa", null, null, null);
		UUID user = this.federation.federate(carol).id(); // snsapi_base: no profile to read
		this.clock.advance(Duration.ofMinutes(1));
		Profiles profiles = new Profiles();

		UUID again = this.federation.federate(carol, profiles.read(carol, "Carol")).id();

		assertThat(again).isEqualTo(user);
		assertThat(profiles.reads).isEqualTo(1);
		assertThat(nickname(user)).isEqualTo("Carol");
	}

	@Test
	void federateWhenProfileReadFailsThenNothingWritten() {
		WeChatIdentity alice = website("o-alice", "u-alice", null);
		this.federation.federate(alice, new Profiles().read(alice, "Alice")).id();
		Instant firstLogin = lastLogin("o-alice");
		this.clock.advance(PROFILE_MAX_AGE.plusMinutes(1));

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.federation.federate(alice, () -> {
			throw new IllegalStateException("WeChat is busy");
		}).id());
		WeChatIdentity bob = website("o-bob", "u-bob", null);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.federation.federate(bob, () -> {
			throw new IllegalStateException("WeChat is busy");
		}).id());

		assertThat(lastLogin("o-alice")).isEqualTo(firstLogin);
		assertThat(count("users")).isEqualTo(1);
	}

	@Test
	void federateWhenProfileMaxAgeZeroThenProfileReadAtEveryLogin() {
		UserFederation everyLogin = federation(Duration.ZERO);
		Profiles profiles = new Profiles();
		WeChatIdentity alice = website("o-alice", "u-alice", null);

		everyLogin.federate(alice, profiles.read(alice, "Alice")).id();
		everyLogin.federate(alice, profiles.read(alice, "Alice Liu")).id();

		assertThat(profiles.reads).isEqualTo(2);
	}

	@Test
	void federateWhenProfileReadExactlyMaxAgeAgoThenNotReadAgainButASecondLaterRead() {
		Profiles profiles = new Profiles();
		WeChatIdentity alice = website("o-alice", "u-alice", null);
		this.federation.federate(alice, profiles.read(alice, "Alice")).id();

		this.clock.advance(PROFILE_MAX_AGE);
		this.federation.federate(alice, profiles.read(alice, "Alice Liu")).id();
		assertThat(profiles.reads).as("read a max age ago").isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(1));
		this.federation.federate(alice, profiles.read(alice, "Alice Liu")).id();
		assertThat(profiles.reads).as("read longer ago").isEqualTo(2);
	}

	@Test
	void federateWhenReturningWithoutProfileThenUserRowUntouched() {
		WeChatIdentity dave = new WeChatIdentity("wx-mini", AppKind.MINI_PROGRAM, "o-dave-mp", "u-dave", null, null);
		UUID user = this.federation.federate(dave).id();
		this.clock.advance(Duration.ofHours(1));

		this.federation.federate(dave).id();

		assertThat(this.jdbc.queryForObject("SELECT updated_at FROM users WHERE id = ?", Timestamp.class, user)
			.toInstant()).isEqualTo(NOW);
		assertThat(lastLogin("o-dave-mp")).isEqualTo(this.clock.instant());
	}

	@Test
	void federateWhenReturningThenSameUserProfileRefreshedAndUnionidKeptWhenWeChatGivesNone() {
		UUID first = this.federation.federate(website("o-alice", "u-alice", "Alice")).id();

		UUID again = this.federation.federate(website("o-alice", null, "Alice Liu")).id();

		assertThat(again).isEqualTo(first);
		assertThat(this.jdbc.queryForObject("SELECT nickname FROM users WHERE id = ?", String.class, first))
			.isEqualTo("Alice Liu");
		assertThat(this.jdbc.queryForObject("SELECT unionid FROM wechat_identities WHERE openid = 'o-alice'",
				String.class))
			.isEqualTo("u-alice");
		assertThat(count("users")).isEqualTo(1);
	}

	@Test
	void federateWhenReturningThenNoWaitForTheFirstLoginLock() throws Exception {
		UUID alice = this.federation.federate(website("o-alice", "u-alice", "Alice")).id();
		try (Connection other = this.database.dataSource().getConnection();
				Statement statement = other.createStatement()) {
			other.setAutoCommit(false);
			statement.execute("SELECT pg_advisory_xact_lock(hashtext('wechat-identity:wx-website/o-alice'))");

			UUID again = CompletableFuture.supplyAsync(() -> this.federation.federate(website("o-alice", "u-alice", "A")).id())
				.get(10, TimeUnit.SECONDS);

			assertThat(again).isEqualTo(alice);
			other.rollback();
		}
	}

	@Test
	void federateWhenSimultaneousFirstLoginsOfOnePersonThenOneUser() throws Exception {
		ExecutorService logins = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<UUID>> results = IntStream.range(0, 8)
				.mapToObj((i) -> CompletableFuture.supplyAsync(
						() -> this.federation.federate(website("o-bob", "u-bob", "Bob")).id(), logins))
				.toList();

			Set<UUID> users = results.stream().map(CompletableFuture::join).collect(Collectors.toSet());

			assertThat(users).hasSize(1);
			assertThat(count("users")).isEqualTo(1);
			assertThat(count("wechat_identities")).isEqualTo(1);
		}
		finally {
			logins.shutdownNow();
		}
	}

	@Test
	void federateWhenNewThenCreatedAndWhenReturningOrLinkedThenNot() {
		FederatedUser created = this.federation.federate(website("o-erin", "u-erin", "Erin"));
		FederatedUser returning = this.federation.federate(website("o-erin", "u-erin", "Erin"));
		FederatedUser linked = this.federation
			.federate(new WeChatIdentity("wx-oa", AppKind.OFFICIAL_ACCOUNT, "o-erin-oa", "u-erin", null, null));

		assertThat(created.created()).isTrue();
		assertThat(returning).isEqualTo(new FederatedUser(created.id(), false));
		assertThat(linked).as("a new identity of a known person").isEqualTo(new FederatedUser(created.id(), false));
	}

	@Test
	void federateWhenOtherAppOfTheSamePersonThenLinkedByUnionid() {
		UUID website = this.federation.federate(website("o-carol", "u-carol", "Carol")).id();

		UUID officialAccount = this.federation
			.federate(new WeChatIdentity("wx-oa", AppKind.OFFICIAL_ACCOUNT, "o-carol-oa", "u-carol", null, null)).id();

		assertThat(officialAccount).isEqualTo(website);
		assertThat(count("wechat_identities")).isEqualTo(2);
	}

	@Test
	void federateWhenAProvisionedNumberIsProvedThenThatPersonOnceAndNeverAgain() {
		UUID provisioned = UUID.randomUUID();
		this.jdbc.update("INSERT INTO users (id, phone_number) VALUES (?, '+8613800138000')", provisioned);
		this.jdbc.update("INSERT INTO provisioned_phone_numbers (phone_number, user_id) VALUES ('+8613800138000', ?)",
				provisioned);

		UUID first = this.federation.federate(website("o-first", null, null), LoginPolicy.LOGIN_ONLY, "+8613800138000").id();

		assertThat(first).isEqualTo(provisioned);
		assertThat(this.jdbc.queryForObject("SELECT phone_number_verified FROM users WHERE id = ?", Boolean.class,
				provisioned)).isTrue();
		// whoever holds the number later (numbers change hands) is someone the operator never vouched for
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.federation.federate(website("o-later", null, null), LoginPolicy.LOGIN_ONLY,
					"+8613800138000").id())
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("access_denied"));
		assertThat(this.federation.federate(website("o-later", null, null), LoginPolicy.SIGN_UP, "+8613800138000").id())
			.isNotEqualTo(provisioned);
	}

	@Test
	void federateWhenAProvisionedPersonIsDisabledThenRefusedAndTheRegistrationKept() {
		UUID provisioned = UUID.randomUUID();
		this.jdbc.update("INSERT INTO users (id, disabled_at) VALUES (?, now())", provisioned);
		this.jdbc.update("INSERT INTO provisioned_phone_numbers (phone_number, user_id) VALUES ('+8613900139000', ?)",
				provisioned);

		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> this.federation
			.federate(website("o-disabled", null, null), LoginPolicy.SIGN_UP, "+8613900139000").id());

		assertThat(count("provisioned_phone_numbers")).isOne();
		assertThat(count("wechat_identities")).isZero();
	}

}
