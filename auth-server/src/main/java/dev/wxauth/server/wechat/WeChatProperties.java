package dev.wxauth.server.wechat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * WeChat as the upstream identity provider ({@code wxauth.wechat.*}).
 *
 * @param openBaseUrl where WeChat's authorize pages live ({@code https://open.weixin.qq.com})
 * @param apiBaseUrl where WeChat's JSON API lives ({@code https://api.weixin.qq.com})
 * @param timeout how long one WeChat API call may take before it counts as unavailable
 * @param embedQr show WeChat's QR widget on our login page instead of redirecting to WeChat's QR page
 * @param profileMaxAge how old our copy of a person's WeChat profile (nickname, avatar) may be before a login that
 * grants it reads it again with {@code sns/userinfo}; {@code 0}: at every login
 * @param apps our WeChat apps, by a name of our choosing (it becomes the login registration id)
 * @param appsRefreshInterval how often an instance rereads the apps added through the admin API
 */
@ConfigurationProperties("wxauth.wechat")
public record WeChatProperties(@DefaultValue("https://open.weixin.qq.com") URI openBaseUrl,
		@DefaultValue("https://api.weixin.qq.com") URI apiBaseUrl, @DefaultValue("5s") Duration timeout,
		@DefaultValue("false") boolean embedQr, @DefaultValue("1d") Duration profileMaxAge, Map<String, App> apps,
		@DefaultValue("2s") Duration appsRefreshInterval) {

	public WeChatProperties {
		Assert.isTrue(profileMaxAge != null && !profileMaxAge.isNegative(),
				"wxauth.wechat.profile-max-age must be a duration of 0s or more");
		apps = (apps != null) ? Map.copyOf(apps) : Map.of();
		Assert.isTrue(appsRefreshInterval != null && appsRefreshInterval.isPositive(),
				"wxauth.wechat.apps-refresh-interval must be a positive duration");
	}

	/**
	 * One WeChat app.
	 * @param kind which WeChat product it is
	 * @param appid its AppID
	 * @param secret its AppSecret (set it from an environment variable, never commit it)
	 * @param scope for an official account: {@code snsapi_userinfo} (profile, unionid) or {@code snsapi_base}
	 * (openid only, no prompt)
	 * @param pushToken the Token of its message push, when WeChat pushes its events about people to us
	 * @param encodingAesKey the EncodingAESKey of its message push, for the safe (encrypted) mode
	 */
	public record App(AppKind kind, String appid, String secret, String scope, String pushToken,
			String encodingAesKey) {

		@Override
		public String toString() {
			return "App[kind=" + this.kind + ", appid=" + this.appid + ", secret=redacted, pushToken=redacted,"
					+ " encodingAesKey=redacted]";
		}

	}

}
