package dev.wxauth.server.client;

import java.time.Clock;
import java.time.Duration;
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

	/**
	 * A client setting: {@code true} makes the client unknown to the protocol endpoints, looked up by its
	 * {@code client_id} ({@code invalid_client} at the token endpoint, an unknown client at the authorization
	 * endpoint) until it is enabled again. Looked up by its internal id (its stored authorizations), it is still found.
	 */
	public static final String DISABLED = "settings.client.wxauth.disabled";

	private final RegisteredClientRepository delegate;

	private final Duration timeToLive;

	private final ExpiringMemory<String, RegisteredClient> byId;

	private final ExpiringMemory<String, RegisteredClient> byClientId;

	public CachingRegisteredClientRepository(RegisteredClientRepository delegate, Duration timeToLive, int maximumSize,
			Clock clock) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.isTrue(timeToLive != null && !timeToLive.isNegative(), "timeToLive must be zero or positive");
		this.delegate = delegate;
		this.timeToLive = timeToLive;
		this.byId = new ExpiringMemory<>(maximumSize, clock);
		this.byClientId = new ExpiringMemory<>(maximumSize, clock);
	}

	@Override
	public void save(RegisteredClient registeredClient) {
		this.delegate.save(registeredClient);
		this.byId.forget(registeredClient.getId());
		this.byClientId.forget(registeredClient.getClientId());
		// the client id of an existing registration may have changed: drop whatever points at the same registration
		this.byClientId.forgetValuesMatching((cached) -> cached.getId().equals(registeredClient.getId()));
	}

	/** Drops a deleted client at once (other instances drop it within the time to live). */
	public void forget(RegisteredClient registeredClient) {
		this.byId.forget(registeredClient.getId());
		this.byClientId.forget(registeredClient.getClientId());
	}

	@Override
	public @Nullable RegisteredClient findById(String id) {
		return find(this.byId, id, this.delegate::findById);
	}

	@Override
	public @Nullable RegisteredClient findByClientId(String clientId) {
		RegisteredClient client = find(this.byClientId, clientId, this.delegate::findByClientId);
		return (client != null && Boolean.TRUE.equals(client.getClientSettings().getSetting(DISABLED))) ? null : client;
	}

	private @Nullable RegisteredClient find(ExpiringMemory<String, RegisteredClient> memory, String key,
			Function<String, @Nullable RegisteredClient> load) {
		if (hasControlCharacter(key)) {
			// no client's: a client id from an Authorization header is not checked before it comes here (RFC 7617
			// forbids control characters in it), and PostgreSQL refuses a NUL byte in a query with an error
			return null;
		}
		RegisteredClient client = memory.get(key);
		if (client == null) {
			client = load.apply(key);
			if (client != null) {
				memory.remember(key, client, this.timeToLive);
			}
		}
		return client;
	}

	private static boolean hasControlCharacter(String text) {
		return text.chars().anyMatch((c) -> c < 0x20 || c == 0x7f);
	}

}
