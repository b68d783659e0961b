package dev.wxauth.server.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wxauth.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;

class CachingRegisteredClientRepositoryTests {

	final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

	final CountingRepository store = new CountingRepository(client("registration-1", "app", "{noop}secret-1"));

	final CachingRegisteredClientRepository clients = new CachingRegisteredClientRepository(this.store,
			Duration.ofSeconds(30), 100, this.clock);

	@Test
	void findByClientIdWhenLookedUpAgainThenServedFromMemory() {
		this.clients.findByClientId("app");
		RegisteredClient again = this.clients.findByClientId("app");

		assertThat(again.getClientSecret()).isEqualTo("{noop}secret-1");
		assertThat(this.store.reads).hasValue(1);
	}

	@Test
	void findByIdWhenLookedUpAgainThenServedFromMemory() {
		this.clients.findById("registration-1");
		this.clients.findById("registration-1");

		assertThat(this.store.reads).hasValue(1);
	}

	@Test
	void findWhenTimeToLivePassedThenChangeMadeElsewhereIsSeen() {
		this.clients.findByClientId("app");
		this.store.save(client("registration-1", "app", "{noop}secret-2"));

		this.clock.advance(Duration.ofSeconds(29));
		assertThat(this.clients.findByClientId("app").getClientSecret()).isEqualTo("{noop}secret-1");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.clients.findByClientId("app").getClientSecret()).isEqualTo("{noop}secret-2");
	}

	@Test
	void saveThenChangeIsSeenAtOnce() {
		this.clients.findByClientId("app");
		this.clients.findById("registration-1");

		this.clients.save(client("registration-1", "app", "{noop}secret-2"));

		assertThat(this.clients.findByClientId("app").getClientSecret()).isEqualTo("{noop}secret-2");
		assertThat(this.clients.findById("registration-1").getClientSecret()).isEqualTo("{noop}secret-2");
	}

	@Test
	void saveWhenClientIdRenamedThenOldClientIdIsGone() {
		this.clients.findByClientId("app");

		this.clients.save(client("registration-1", "renamed-app", "{noop}secret-1"));

		assertThat(this.clients.findByClientId("app")).isNull();
		assertThat(this.clients.findByClientId("renamed-app")).extracting(RegisteredClient::getId)
			.isEqualTo("registration-1");
	}

	@Test
	void findWhenUnknownThenNotRememberedSoALaterRegistrationIsSeenAtOnce() {
		assertThat(this.clients.findByClientId("newcomer")).isNull();

		this.store.save(client("registration-2", "newcomer", "{noop}secret"));

		assertThat(this.clients.findByClientId("newcomer")).extracting(RegisteredClient::getId)
			.isEqualTo("registration-2");
	}

	@Test
	void findWhenIdCarriesControlCharacterThenNoClientWithoutAskingTheStore() {
		assertThat(this.clients.findByClientId("app\u0000")).isNull();
		assertThat(this.clients.findById("registration-1\u0000")).isNull();
		assertThat(this.clients.findByClientId("\u001b")).isNull();

		assertThat(this.store.reads).hasValue(0);
	}

	@Test
	void findWhenTimeToLiveZeroThenReadsEveryTime() {
		CachingRegisteredClientRepository uncached = new CachingRegisteredClientRepository(this.store, Duration.ZERO, 100,
				this.clock);

		uncached.findByClientId("app");
		uncached.findByClientId("app");

		assertThat(this.store.reads).hasValue(2);
	}

	@Test
	void findWhenMaximumSizeReachedThenStartsOver() {
		for (int i = 0; i < 3; i++) {
			this.store.save(client("registration-x" + i, "app-" + i, "{noop}secret"));
		}
		CachingRegisteredClientRepository small = new CachingRegisteredClientRepository(this.store,
				Duration.ofSeconds(30), 2, this.clock);

		small.findByClientId("app-0");
		small.findByClientId("app-1");
		small.findByClientId("app-2");
		small.findByClientId("app-1");

		assertThat(this.store.reads).hasValue(4);
	}

	static RegisteredClient client(String id, String clientId, String secret) {
		return RegisteredClient.withId(id)
			.clientId(clientId)
			.clientSecret(secret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("api.read")
			.build();
	}

	/** Stores by registration id, like the JDBC repository's table, and counts reads. */
	static final class CountingRepository implements RegisteredClientRepository {

		final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();

		final AtomicInteger reads = new AtomicInteger();

		CountingRepository(RegisteredClient first) {
			save(first);
		}

		@Override
		public void save(RegisteredClient registeredClient) {
			this.clients.put(registeredClient.getId(), registeredClient);
		}

		@Override
		public RegisteredClient findById(String id) {
			this.reads.incrementAndGet();
			return this.clients.get(id);
		}

		@Override
		public RegisteredClient findByClientId(String clientId) {
			this.reads.incrementAndGet();
			return this.clients.values()
				.stream()
				.filter((client) -> client.getClientId().equals(clientId))
				.findFirst()
				.orElse(null);
		}

	}

}
