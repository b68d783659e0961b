package dev.wxauth.server.federation;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.wxauth.server.config.WxauthProperties.AppKind;
import dev.wxauth.server.testing.MigratedDatabase;
import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.WeChatIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Federation of WeChat identities into our users, on a real database.
 */
class UserFederationTests {

	static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	final MigratedDatabase database = new MigratedDatabase("federation");

	final JdbcTemplate jdbc = this.database.jdbc();

	final UserFederation federation = new UserFederation(new UserRepository(this.jdbc),
			new TransactionTemplate(new DataSourceTransactionManager(this.database.dataSource())),
			Clock.fixed(NOW, ZoneOffset.UTC));

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

	@Test
	void federateWhenReturningThenSameUserProfileRefreshedAndUnionidKeptWhenWeChatGivesNone() {
		UUID first = this.federation.federate(website("o-alice", "u-alice", "Alice"));

		UUID again = this.federation.federate(website("o-alice", null, "Alice Liu"));

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
		UUID alice = this.federation.federate(website("o-alice", "u-alice", "Alice"));
		try (Connection other = this.database.dataSource().getConnection();
				Statement statement = other.createStatement()) {
			other.setAutoCommit(false);
			statement.execute("SELECT pg_advisory_xact_lock(hashtext('wechat-identity:wx-website/o-alice'))");

			UUID again = CompletableFuture.supplyAsync(() -> this.federation.federate(website("o-alice", "u-alice", "A")))
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
						() -> this.federation.federate(website("o-bob", "u-bob", "Bob")), logins))
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
	void federateWhenOtherAppOfTheSamePersonThenLinkedByUnionid() {
		UUID website = this.federation.federate(website("o-carol", "u-carol", "Carol"));

		UUID officialAccount = this.federation
			.federate(new WeChatIdentity("wx-oa", AppKind.OFFICIAL_ACCOUNT, "o-carol-oa", "u-carol", null, null));

		assertThat(officialAccount).isEqualTo(website);
		assertThat(count("wechat_identities")).isEqualTo(2);
	}

}
