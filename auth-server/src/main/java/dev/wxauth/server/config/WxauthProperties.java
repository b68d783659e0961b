package dev.wxauth.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Every {@code wxauth.*} setting. Each feature receives only its own nested record.
 *
 * @param issuer the issuer identifier: the {@code iss} of our tokens and the base of discovery
 * @param masterKey base64 of the 32-byte AES key that encrypts secrets at rest (empty in dev mode: generated)
 * @param keys signing-key rotation and publication
 * @param authorizations housekeeping of stored authorizations
 * @param clients how registered clients are read
 * @param tokenEndpoint how the token endpoint takes its requests
 * @param dev dev-mode settings
 */
@ConfigurationProperties("wxauth")
public record WxauthProperties(@DefaultValue("http://localhost:9000") URI issuer, String masterKey,
		@DefaultValue Keys keys, @DefaultValue Authorizations authorizations, @DefaultValue Clients clients,
		@DefaultValue TokenEndpoint tokenEndpoint, @DefaultValue WeChat wechat, @DefaultValue Dev dev) {

	/**
	 * WeChat as the upstream identity provider.
	 * @param openBaseUrl where WeChat's authorize pages live ({@code https://open.weixin.qq.com})
	 * @param apiBaseUrl where WeChat's JSON API lives ({@code https://api.weixin.qq.com})
	 * @param timeout how long one WeChat API call may take before it counts as unavailable
	 * @param embedQr show WeChat's QR widget on our login page instead of redirecting to WeChat's QR page
	 * @param profileMaxAge how old our copy of a person's WeChat profile (nickname, avatar) may be before a login
	 * that grants it reads it again with {@code sns/userinfo}; {@code 0}: at every login
	 * @param apps our WeChat apps, by a name of our choosing (it becomes the login registration id)
	 */
	public record WeChat(@DefaultValue("https://open.weixin.qq.com") URI openBaseUrl,
			@DefaultValue("https://api.weixin.qq.com") URI apiBaseUrl, @DefaultValue("5s") Duration timeout,
			@DefaultValue("false") boolean embedQr, @DefaultValue("1d") Duration profileMaxAge, Map<String, App> apps) {

		public WeChat {
			Assert.isTrue(profileMaxAge != null && !profileMaxAge.isNegative(),
					"wxauth.wechat.profile-max-age must be a duration of 0s or more");
			apps = (apps != null) ? Map.copyOf(apps) : Map.of();
		}

	}

	/**
	 * One WeChat app.
	 * @param kind which WeChat product it is
	 * @param appid its AppID
	 * @param secret its AppSecret (set it from an environment variable, never commit it)
	 * @param scope for an official account: {@code snsapi_userinfo} (profile, unionid) or {@code snsapi_base}
	 * (openid only, no prompt)
	 */
	public record App(AppKind kind, String appid, String secret, String scope) {

		@Override
		public String toString() {
			return "App[kind=" + this.kind + ", appid=" + this.appid + ", secret=redacted]";
		}

	}

	/** The WeChat products an app can be. */
	public enum AppKind {

		/** Open Platform website app: QR login on desktop browsers ({@code snsapi_login}). */
		WEBSITE,

		/** Official account: login inside WeChat's browser ({@code snsapi_base} / {@code snsapi_userinfo}). */
		OFFICIAL_ACCOUNT,

		/** Mini-program: {@code wx.login()} codes traded with {@code jscode2session}. */
		MINI_PROGRAM,

		/** Native app with the Open SDK: {@code SendAuth} codes. */
		MOBILE_APP

	}

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
	 * @param directory where dev mode keeps its generated master key (git-ignored)
	 */
	public record Dev(@DefaultValue(".dev") Path directory) {
	}

}
