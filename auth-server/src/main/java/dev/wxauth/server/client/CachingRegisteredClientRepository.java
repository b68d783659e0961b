package dev.wxauth.server.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Keeps registered clients in memory for a short time. Every token request looks its client up (client
 * authentication, then again through each stored authorization), and reading one costs a query plus the JSON parsing
 * of its settings; a client changes rarely. A save through this repository evicts the client at once; a change made
 * by another instance (or straight in the database) shows here within {@code timeToLive}, which bounds how long a
 * disabled client or a replaced secret keeps working on this instance. Only clients that exist are cached, so
 * made-up client ids cannot fill the cache; past {@code maximumSize} entries it starts over.
 */
public final class CachingRegisteredClientRepository implements RegisteredClientRepository {

	private final RegisteredClientRepository delegate;

	private final Duration timeToLive;

	private final int maximumSize;

	private final Clock clock;

	private final Map<String, Cached> byId = new ConcurrentHashMap<>();

	private final Map<String, Cached> byClientId = new ConcurrentHashMap<>();

	public CachingRegisteredClientRepository(RegisteredClientRepository delegate, Duration timeToLive, int maximumSize,
			Clock clock) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.isTrue(timeToLive != null && !timeToLive.isNegative(), "timeToLive must be zero or positive");
		Assert.isTrue(maximumSize > 0, "maximumSize must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.delegate = delegate;
		this.timeToLive = timeToLive;
		this.maximumSize = maximumSize;
		this.clock = clock;
	}

	@Override
	public void save(RegisteredClient registeredClient) {
		this.delegate.save(registeredClient);
		evict(registeredClient);
	}

	@Override
	public @Nullable RegisteredClient findById(String id) {
		return find(this.byId, id, this.delegate::findById);
	}

	@Override
	public @Nullable RegisteredClient findByClientId(String clientId) {
		return find(this.byClientId, clientId, this.delegate::findByClientId);
	}

	private @Nullable RegisteredClient find(Map<String, Cached> cache, String key,
			Function<String, @Nullable RegisteredClient> load) {
		Instant now = this.clock.instant();
		Cached cached = cache.get(key);
		if (cached != null && now.isBefore(cached.expiresAt())) {
			return cached.client();
		}
		RegisteredClient client = load.apply(key);
		if (client == null) {
			cache.remove(key);
			return null;
		}
		if (this.timeToLive.isPositive()) {
			if (cache.size() >= this.maximumSize) {
				cache.clear();
			}
			cache.put(key, new Cached(client, now.plus(this.timeToLive)));
		}
		return client;
	}

	private void evict(RegisteredClient client) {
		this.byId.remove(client.getId());
		this.byClientId.remove(client.getClientId());
		// the client id of an existing registration may have changed: drop whatever points at the same registration
		this.byClientId.values().removeIf((cached) -> cached.client().getId().equals(client.getId()));
	}

	private record Cached(RegisteredClient client, Instant expiresAt) {
	}

}
