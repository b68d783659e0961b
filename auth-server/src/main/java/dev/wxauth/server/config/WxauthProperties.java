package dev.wxauth.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code wxauth.*} setting. Each feature receives only its own nested record.
 *
 * @param issuer the issuer identifier: the {@code iss} of our tokens and the base of discovery
 * @param masterKey base64 of the 32-byte AES key that encrypts secrets at rest (empty in dev mode: generated)
 * @param keys signing-key rotation and publication
 * @param authorizations housekeeping of stored authorizations
 * @param dev dev-mode settings
 */
@ConfigurationProperties("wxauth")
public record WxauthProperties(@DefaultValue("http://localhost:9000") URI issuer, String masterKey,
		@DefaultValue Keys keys, @DefaultValue Authorizations authorizations, @DefaultValue Dev dev) {

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
	 * @param directory where dev mode keeps its generated master key (git-ignored)
	 */
	public record Dev(@DefaultValue(".dev") Path directory) {
	}

}
