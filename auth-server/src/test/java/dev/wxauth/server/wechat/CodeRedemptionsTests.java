package dev.wxauth.server.wechat;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.wxauth.server.testing.AuthServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A web login's code claimed once on PostgreSQL, by whichever instance its callback reaches first (each instance has
 * its own {@link CodeRedemptions}; they share only the database): the other callbacks of the same login wait for
 * WeChat's answer and share it; a callback of another login is refused.
 */
@AuthServerTest
class CodeRedemptionsTests {

	private static final SnsAccessToken ANSWER = new SnsAccessToken("ACCESS", 7200, "REFRESH", "openid-1",
			Set.of("snsapi_login"), "unionid-1", false);

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	WeChatApps apps;

	final AtomicInteger exchanges = new AtomicInteger();

	final CountDownLatch weChatAnswers = new CountDownLatch(1);

	final String code = UUID.randomUUID().toString();

	@Test
	void exchangeOnceWhenAnotherLoginPresentsTheCodeThenInvalidGrantAtOnce() throws Exception {
		CodeRedemptions redemptions = redemptions(Duration.ofSeconds(10));
		CompletableFuture<SnsAccessToken> first = exchangeInBackground(redemptions, "login-1");
		awaitClaimed();

		long started = System.nanoTime();
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> redemptions.exchangeOnce(website(), this.code, "login-2", this::slowWeChat))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		this.weChatAnswers.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(ANSWER);
		assertThat(this.exchanges).hasValue(1);
	}

	@Test
	void exchangeOnceWhenTheSameLoginArrivesAtAnotherInstanceDuringTheExchangeThenWaitsAndSharesTheAnswer()
			throws Exception {
		CompletableFuture<SnsAccessToken> first = exchangeInBackground(redemptions(Duration.ofSeconds(10)), "login-1");
		awaitClaimed();

		CompletableFuture<SnsAccessToken> second = exchangeInBackground(redemptions(Duration.ofSeconds(10)), "login-1");
		Thread.sleep(300);
		assertThat(second).as("waits for WeChat's answer to the first").isNotDone();
		this.weChatAnswers.countDown();

		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(ANSWER);
		SnsAccessToken shared = second.get(10, TimeUnit.SECONDS);
		assertThat(shared.openid()).isEqualTo("openid-1");
		assertThat(shared.unionid()).isEqualTo("unionid-1");
		assertThat(shared.scopes()).containsExactly("snsapi_login");
		assertThat(shared.snapshotUser()).isFalse();
		assertThat(shared.accessToken()).isNull();
		assertThat(shared.refreshToken()).isNull();
		assertThat(shared.canReadProfile()).isFalse();
		assertThat(this.exchanges).hasValue(1);
	}

	@Test
	void exchangeOnceWhenTheFirstNeverFinishesThenTemporarilyUnavailable() throws Exception {
		CodeRedemptions redemptions = redemptions(Duration.ofMillis(300));
		CompletableFuture<SnsAccessToken> first = exchangeInBackground(redemptions, "login-1");
		awaitClaimed();

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> redemptions.exchangeOnce(website(), this.code, "login-1", this::slowWeChat))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("temporarily_unavailable"));

		this.weChatAnswers.countDown();
		first.get(10, TimeUnit.SECONDS);
		assertThat(this.exchanges).hasValue(1);
	}

	@Test
	void exchangeOnceWhenWeChatRefusedTheCodeThenTheSameLoginIsRefusedWithoutAskingAgain() {
		CodeRedemptions redemptions = redemptions(Duration.ofSeconds(10));
		Function<String, SnsAccessToken> refusing = (code) -> {
			this.exchanges.incrementAndGet();
			throw new WeChatException(WeChatException.Kind.INVALID_GRANT, 40029, "invalid code");
		};
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> redemptions.exchangeOnce(website(), this.code, "login-1", refusing));

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> redemptions.exchangeOnce(website(), this.code, "login-1", refusing))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));
		assertThat(this.exchanges).hasValue(1);
	}

	@Test
	void exchangeOnceWhenWeChatWasUnreachableThenTheSameLoginMayTryAgain() {
		CodeRedemptions redemptions = redemptions(Duration.ofSeconds(10));
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> redemptions.exchangeOnce(website(), this.code, "login-1", (code) -> {
				this.exchanges.incrementAndGet();
				throw new WeChatException(WeChatException.Kind.UNAVAILABLE, -1, "system error");
			}))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("temporarily_unavailable"));

		SnsAccessToken retried = redemptions.exchangeOnce(website(), this.code, "login-1", (code) -> {
			this.exchanges.incrementAndGet();
			return ANSWER;
		});

		assertThat(retried).isEqualTo(ANSWER);
		assertThat(this.exchanges).hasValue(2);
	}

	@Test
	void exchangeOnceWhenTheCodeWasRedeemedAtTheTokenEndpointThenInvalidGrant() {
		CodeRedemptions redemptions = redemptions(Duration.ofSeconds(10));
		redemptions.redeemOnce(website(), this.code, (code) -> "tokens");

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> redemptions.exchangeOnce(website(), this.code, "login-1", this::slowWeChat))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"));
		assertThat(this.exchanges).hasValue(0);
	}

	private CodeRedemptions redemptions(Duration patience) {
		return new CodeRedemptions(this.jdbc, Clock.systemUTC(), patience);
	}

	private WeChatApp website() {
		return this.apps.byName("website").orElseThrow();
	}

	/** WeChat answering {@link #ANSWER} once the test lets it. */
	private SnsAccessToken slowWeChat(String code) {
		this.exchanges.incrementAndGet();
		try {
			assertThat(this.weChatAnswers.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return ANSWER;
	}

	private CompletableFuture<SnsAccessToken> exchangeInBackground(CodeRedemptions redemptions, String login) {
		return CompletableFuture
			.supplyAsync(() -> redemptions.exchangeOnce(website(), this.code, login, this::slowWeChat));
	}

	private void awaitClaimed() throws InterruptedException {
		for (int i = 0; i < 100 && this.exchanges.get() == 0; i++) {
			Thread.sleep(50);
		}
		assertThat(this.exchanges).as("the first callback is at WeChat").hasValue(1);
	}

}
