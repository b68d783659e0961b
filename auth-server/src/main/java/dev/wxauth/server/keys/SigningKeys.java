package dev.wxauth.server.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import dev.wxauth.server.properties.WxauthProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * The signing keys every instance agrees on, because they live in PostgreSQL: creates the first key, rotates
 * keys on schedule, and keeps an in-memory copy that is reread every {@code cacheRefresh}.
 * <p>
 * A new key is published {@code publishAhead} before it signs, so that every instance's JWKS (and the resource
 * servers' caches) know it before the first token it signs; a replaced key stays published for
 * {@code retiredKeyPublication}, so tokens it signed keep verifying until they expire.
 */
public final class SigningKeys {

	private static final Log logger = LogFactory.getLog(SigningKeys.class);

	private final SigningKeyRepository repository;

	private final TransactionOperations transactions;

	private final WxauthProperties.Keys settings;

	private final SigningKeyGenerator generator = new SigningKeyGenerator();

	private Clock clock = Clock.systemUTC();

	private volatile Snapshot snapshot;

	public SigningKeys(SigningKeyRepository repository, TransactionOperations transactions,
			WxauthProperties.Keys settings) {
		Assert.notNull(repository, "repository cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		Assert.isTrue(settings.publishAhead().isZero() || settings.publishAhead().compareTo(settings.cacheRefresh()) > 0,
				"wxauth.keys.publish-ahead must be longer than wxauth.keys.cache-refresh");
		this.repository = repository;
		this.transactions = transactions;
		this.settings = settings;
	}

	/**
	 * The keys to sign with and to publish, reread from the database when the copy is older than
	 * {@code cacheRefresh}.
	 */
	public Snapshot current() {
		Snapshot current = this.snapshot;
		Instant now = this.clock.instant();
		if (current == null || !current.loadedAt().plus(this.settings.cacheRefresh()).isAfter(now)) {
			current = reload();
		}
		return current;
	}

	/**
	 * Creates the first key, or the next one when rotation is due (one instance at a time), then rereads the keys.
	 */
	public synchronized Snapshot rotateIfDue() {
		this.transactions.executeWithoutResult((tx) -> {
			this.repository.lockForUpdate();
			Instant now = this.clock.instant();
			List<SigningKey> published = this.repository.findPublished(now);
			SigningKey newest = published.isEmpty() ? null : published.getLast();
			if (newest == null) {
				insertNewKey(published, now, now);
			}
			else if (newest.isActivatedAt(now)
					&& !now.isBefore(newest.activatesAt().plus(this.settings.rotationPeriod()).minus(this.settings.publishAhead()))) {
				insertNewKey(published, now, now.plus(this.settings.publishAhead()));
			}
		});
		return reload();
	}

	/**
	 * Starts a rotation now, whatever the schedule: the new key signs after {@code publishAhead}. For an operator
	 * who suspects a key leaked (then also lower {@code retiredKeyPublication}), and for the resource server's tests
	 * of a rotation.
	 */
	public synchronized Snapshot rotateNow() {
		this.transactions.executeWithoutResult((tx) -> {
			this.repository.lockForUpdate();
			Instant now = this.clock.instant();
			insertNewKey(this.repository.findPublished(now), now, now.plus(this.settings.publishAhead()));
		});
		return reload();
	}

	/**
	 * Stops publishing a key now, so that nothing it signed verifies any more: for a key that leaked, once its
	 * successor signs ({@link #rotateNow()} first). Every instance follows within {@code cacheRefresh}.
	 * @return the key as it is now
	 * @throws IllegalArgumentException when no key has that kid
	 * @throws KeyInUseException when the key signs now, or is the next to sign
	 */
	public synchronized StoredKey retireNow(String kid) {
		StoredKey retired = this.transactions.execute((tx) -> {
			this.repository.lockForUpdate();
			Instant now = this.clock.instant();
			List<SigningKey> published = this.repository.findPublished(now);
			SigningKey key = published.stream().filter((candidate) -> candidate.kid().equals(kid)).findFirst().orElse(null);
			if (key == null) {
				StoredKey stored = this.repository.describe(kid);
				Assert.isTrue(stored != null, () -> "No signing key " + kid);
				// already retired: nothing to do
				return stored;
			}
			if (!key.isActivatedAt(now)) {
				throw new KeyInUseException("Key " + kid + " is the next to sign; retire the one it replaces instead");
			}
			SigningKey signing = new Snapshot(published, now).signingKeyAt(now);
			if (key.equals(signing)) {
				throw new KeyInUseException("Key " + kid + " signs now: rotate first, and retire it once its successor "
						+ "signs");
			}
			if (signing.activatesAt().plus(this.settings.cacheRefresh()).isAfter(now)) {
				// an instance that has not reread the keys yet may still sign with this one
				throw new KeyInUseException("Key " + kid + " may still sign on an instance that has not reread the keys: "
						+ "retire it after " + signing.activatesAt().plus(this.settings.cacheRefresh()));
			}
			this.repository.updateRetiresAt(key.retiringAt(now));
			logger.warn("Retired signing key " + kid + " early: tokens it signed no longer verify");
			return this.repository.describe(kid);
		});
		reload();
		return retired;
	}

	/** Every key ever made, newest first, without private parts; {@code after} a kid, or from the newest. */
	public List<StoredKey> describe(@Nullable String after, int limit) {
		return this.repository.describe(after, limit);
	}

	public @Nullable StoredKey describe(String kid) {
		return this.repository.describe(kid);
	}

	/** The key that signs now cannot be retired: every token would go unsigned. */
	public static final class KeyInUseException extends RuntimeException {

		KeyInUseException(String message) {
			super(message);
		}

	}

	private void insertNewKey(List<SigningKey> published, Instant now, Instant activatesAt) {
		SigningKey key = new SigningKey(this.generator.generate(), now, activatesAt, null);
		this.repository.insert(key);
		Instant retiresAt = activatesAt.plus(this.settings.retiredKeyPublication());
		for (SigningKey previous : published) {
			if (previous.retiresAt() == null) {
				this.repository.updateRetiresAt(previous.retiringAt(retiresAt));
			}
		}
		logger.info("Created signing key " + key.kid() + " (signs from " + activatesAt + ")");
	}

	/** The keys as last read, without reading them again; {@code null} before the first read. */
	public @Nullable Snapshot loaded() {
		return this.snapshot;
	}

	private synchronized Snapshot reload() {
		Instant now = this.clock.instant();
		List<SigningKey> published = this.repository.findPublished(now);
		this.snapshot = new Snapshot(published, now);
		return this.snapshot;
	}

	void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		this.snapshot = null;
	}

	/**
	 * The published keys as read at {@code loadedAt}.
	 */
	public record Snapshot(List<SigningKey> published, Instant loadedAt) {

		public Snapshot {
			published = List.copyOf(published);
		}

		/** The key that signs at {@code instant}: the most recently activated one. */
		public SigningKey signingKeyAt(Instant instant) {
			return this.published.stream()
				.filter((key) -> key.isActivatedAt(instant))
				.max(Comparator.comparing(SigningKey::activatesAt))
				.orElseThrow(() -> new IllegalStateException("No signing key is active; has the server started?"));
		}

		/**
		 * What the JWK source hands out at {@code instant}: the signing key with its private part, every other
		 * published key public only (so no other key can be picked for signing).
		 */
		public List<JWK> jwksAt(Instant instant) {
			SigningKey signing = signingKeyAt(instant);
			List<JWK> jwks = new ArrayList<>(this.published.size());
			for (SigningKey key : this.published) {
				if (key.isPublishedAt(instant)) {
					jwks.add(key.equals(signing) ? key.jwk() : key.jwk().toPublicJWK());
				}
			}
			return jwks;
		}

	}

}
