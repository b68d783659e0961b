package dev.wxauth.server.properties;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * The server's own {@code wxauth.*} settings (WeChat's, {@code wxauth.wechat.*}, belong to the WeChat unit). Each feature
 * receives only its own nested record.
 *
 * @param issuer the issuer identifier: the {@code iss} of our tokens and the base of discovery
 * @param masterKey base64 of the 32-byte AES key that encrypts secrets at rest (empty in dev mode: generated)
 * @param keys signing-key rotation and publication
 * @param authorizations housekeeping of stored authorizations
 * @param clients how registered clients are read
 * @param tokenEndpoint how the token endpoint takes its requests
 * @param backChannelLogout how logout tokens reach clients' back-channel logout endpoints
 * @param dev dev-mode settings
 */
@ConfigurationProperties("wxauth")
public record WxauthProperties(@DefaultValue("http://localhost:9000") URI issuer, String masterKey,
		@DefaultValue Keys keys, @DefaultValue Authorizations authorizations, @DefaultValue Clients clients,
		@DefaultValue TokenEndpoint tokenEndpoint, @DefaultValue BackChannelLogout backChannelLogout,
		@DefaultValue Dev dev) {

	/**
	 * @param rotationPeriod how long a signing key signs before a successor takes over
	 * @param publishAhead how long a new key is published in the JWKS before it signs; longer than
	 * {@code cacheRefresh} so every instance publishes it first
	 * @param retiredKeyPublication how long a replaced key stays in the JWKS; longer than the longest access or
	 * ID token lifetime of any client
	 * @param cacheRefresh how often an instance rereads the keys from the database
	 */
	public record Keys(@DefaultValue("90d") Duration rotationPeriod, @DefaultValue("15m") Duration publishAhead,
			@DefaultValue("1d") Duration retiredKeyPublication, @DefaultValue("1m") Duration cacheRefresh) {
	}

	/**
	 * @param purgeInterval how often expired authorizations are deleted
	 * @param unfinishedLifetime how long an authorization that never got a credential (an abandoned login) is kept
	 */
	public record Authorizations(@DefaultValue("1h") Duration purgeInterval,
			@DefaultValue("1d") Duration unfinishedLifetime) {
	}

	/**
	 * @param cacheTtl how long an instance keeps a registered client in memory: a change made elsewhere (another
	 * instance, the database) takes effect here within this time; {@code 0} reads the database every time
	 */
	public record Clients(@DefaultValue("30s") Duration cacheTtl) {
	}

	/**
	 * @param concurrency how many token requests work at once, the others waiting their turn in arrival order;
	 * unset: twice the processors; {@code 0}: no limit
	 */
	public record TokenEndpoint(Integer concurrency) {

		/** The configured concurrency, or twice {@code processors} when unset. */
		public int concurrency(int processors) {
			Assert.isTrue(this.concurrency == null || this.concurrency >= 0, "concurrency cannot be negative");
			return (this.concurrency != null) ? this.concurrency : 2 * processors;
		}

	}

	/**
	 * @param timeout longest wait for a client's back-channel logout endpoint to accept the connection, and again
	 * for its answer
	 * @param attempts how many times a logout token is sent to a client that does not answer 2xx
	 * @param firstRetry the wait before the second attempt; each later wait is twice the one before
	 * @param pollInterval how often an instance looks for logout tokens due: retries, and those an instance that
	 * stopped left unsent
	 */
	public record BackChannelLogout(@DefaultValue("5s") Duration timeout, @DefaultValue("6") int attempts,
			@DefaultValue("10s") Duration firstRetry, @DefaultValue("5s") Duration pollInterval) {

		public BackChannelLogout {
			Assert.isTrue(attempts >= 1, "attempts must be at least 1");
			Assert.isTrue(timeout.isPositive(), "timeout must be positive");
			Assert.isTrue(!firstRetry.isNegative(), "firstRetry cannot be negative");
		}

	}

	/**
	 * @param directory where dev mode keeps its generated master key (git-ignored)
	 */
	public record Dev(@DefaultValue(".dev") Path directory) {
	}

}
