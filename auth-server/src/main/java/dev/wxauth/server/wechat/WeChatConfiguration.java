package dev.wxauth.server.wechat;

import java.time.Clock;

import dev.wxauth.server.crypto.AtRestEncryptor;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

/**
 * WeChat as the upstream identity provider: our apps (configured and stored) and their check, the API client, each
 * app's access token, and the record of codes sent upstream. The flows on top of it ({@code wechat.web},
 * {@code wechat.miniprogram}, {@code wechat.mobileapp}) declare their own beans.
 */
@Configuration(proxyBeanMethods = false)
class WeChatConfiguration {

	@Bean
	WeChatAppStore weChatAppStore(JdbcOperations jdbc, AtRestEncryptor encryptor) {
		return new WeChatAppStore(jdbc, encryptor);
	}

	@Bean
	WeChatApps weChatApps(WeChatProperties properties, WeChatAppStore store) {
		return new WeChatApps(properties, store);
	}

	@Bean
	WeChatAppCheck weChatAppCheck(WeChatApiClient api) {
		return new WeChatAppCheck(api, Clock.systemUTC());
	}

	/** Health contributor {@code wechat}: in the health details, in no readiness group. */
	@Bean
	WeChatCallOutcomes wechatHealthIndicator() {
		return new WeChatCallOutcomes(Clock.systemUTC());
	}

	@Bean
	WeChatMetrics weChatMetrics(MeterRegistry registry) {
		return new WeChatMetrics(registry);
	}

	@Bean
	WeChatApiClient weChatApiClient(WeChatProperties properties, WeChatCallOutcomes outcomes, WeChatMetrics metrics) {
		return new WeChatApiClient(properties.apiBaseUrl(), properties.timeout(), outcomes, metrics);
	}

	@Bean
	AppAccessTokens appAccessTokens(JdbcOperations jdbc, TransactionOperations transactions, AtRestEncryptor encryptor,
			WeChatApiClient api, WeChatMetrics metrics) {
		return new AppAccessTokens(jdbc, transactions, encryptor, api, metrics, Clock.systemUTC());
	}

	/**
	 * A repeated web callback waits for the first one's answer as long as its code exchange may take: two calls
	 * (WeChat's busy reply is retried once), and a second for our own database.
	 */
	@Bean
	CodeRedemptions codeRedemptions(JdbcOperations jdbc, WeChatProperties properties) {
		return new CodeRedemptions(jdbc, Clock.systemUTC(), properties.timeout().multipliedBy(2).plusSeconds(1));
	}

}
