package dev.wxauth.server.properties;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

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
 * @param rateLimits how much one client, address, app or person may ask for
 * @param admin the admin API's first client
 * @param login whom a browser login no client waits for may bring in
 * @param loginEvents how long the login event log keeps its events
 * @param dev dev-mode settings
 */
@ConfigurationProperties("wxauth")
public record WxauthProperties(@DefaultValue("http://localhost:9000") URI issuer, String masterKey,
		@DefaultValue Keys keys, @DefaultValue Authorizations authorizations, @DefaultValue Clients clients,
		@DefaultValue TokenEndpoint tokenEndpoint, @DefaultValue BackChannelLogout backChannelLogout,
		@DefaultValue RateLimits rateLimits, @DefaultValue Admin admin, @DefaultValue Login login,
		@DefaultValue LoginEvents loginEvents, @DefaultValue Dev dev) {

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
	 * @param refreshTokenReuseGrace how long after its rotation a rotated-out refresh token presented again is only
	 * refused; later, the grant is revoked
	 */
	public record Authorizations(@DefaultValue("1h") Duration purgeInterval,
			@DefaultValue("1d") Duration unfinishedLifetime, @DefaultValue("30s") Duration refreshTokenReuseGrace) {
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
	 * Limits on what abuse could make cost: WeChat's quotas and bills, and this instance's cores. Those per minute are
	 * counted by each instance on its own (a token request costs no database round trip for them); those per day are
	 * shared by every instance through the database. {@code 0} is no limit.
	 *
	 * @param tokenRequestsPerClient token requests a minute of one client, whatever its grant, on one instance
	 * @param wechatCodeGrantsPerAddress mini-program and native-app code grants a minute from one client IP address,
	 * on one instance
	 * @param wechatCodeGrantsPerApp mini-program and native-app code grants a minute for one WeChat app, on one
	 * instance: each one is a call to WeChat, which limits its apps' calls
	 * @param phoneNumbersPerUser phone-number requests a day of one person, on all instances together: WeChat bills
	 * each
	 * @param phoneNumbersPerApp phone-number requests a day for one mini-program, on all instances together
	 */
	public record RateLimits(@DefaultValue("6000") int tokenRequestsPerClient,
			@DefaultValue("120") int wechatCodeGrantsPerAddress, @DefaultValue("6000") int wechatCodeGrantsPerApp,
			@DefaultValue("10") int phoneNumbersPerUser, @DefaultValue("10000") int phoneNumbersPerApp) {

		public RateLimits {
			Assert.isTrue(tokenRequestsPerClient >= 0 && wechatCodeGrantsPerAddress >= 0 && wechatCodeGrantsPerApp >= 0
					&& phoneNumbersPerUser >= 0 && phoneNumbersPerApp >= 0, "a rate limit cannot be negative");
		}

	}

	/**
	 * The bootstrap: with both set, the first start registers an admin client with this id and secret (scopes
	 * {@code wxauth.admin wxauth.admin.read}) unless a client with this id exists; from then on the variables can go.
	 *
	 * @param bootstrapClientId the admin client's {@code client_id}
	 * @param bootstrapClientSecret its secret, at least 32 characters, from your secret store
	 */
	public record Admin(@Nullable String bootstrapClientId, @Nullable String bootstrapClientSecret) {

		@Override
		public String toString() {
			return "Admin[bootstrapClientId=" + this.bootstrapClientId + ", bootstrapClientSecret="
					+ ((this.bootstrapClientSecret != null) ? "(set)" : null) + "]";
		}

	}

	/**
	 * @param defaultPolicy the login policy ({@code sign-up} or {@code login-only}) of a browser login that no
	 * client's authorization request waits for (someone who opened {@code /login} themselves, or whose browser lost
	 * the request): set {@code login-only} when people must not make themselves known that way
	 */
	public record Login(@DefaultValue("sign-up") String defaultPolicy) {

		public Login {
			Assert.isTrue("sign-up".equals(defaultPolicy) || "login-only".equals(defaultPolicy),
					"wxauth.login.default-policy must be sign-up or login-only");
		}

	}

	/**
	 * @param retention how long a login event is kept before the purge deletes it; spent or expired initial access
	 * tokens of dynamic client registration are kept as long
	 */
	public record LoginEvents(@DefaultValue("90d") Duration retention) {

		public LoginEvents {
			Assert.isTrue(retention.isPositive(), "wxauth.login-events.retention must be positive");
		}

	}

	/**
	 * @param directory where dev mode keeps its generated master key (git-ignored)
	 */
	public record Dev(@DefaultValue(".dev") Path directory) {
	}

}
