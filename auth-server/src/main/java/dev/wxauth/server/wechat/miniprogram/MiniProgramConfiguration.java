package dev.wxauth.server.wechat.miniprogram;

import java.time.Clock;

import dev.wxauth.server.audit.LoginEvents;
import dev.wxauth.server.crypto.AtRestEncryptor;
import dev.wxauth.server.federation.UserFederation;
import dev.wxauth.server.properties.WxauthProperties;
import dev.wxauth.server.ratelimit.DailyQuotas;
import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.AppAccessTokens;
import dev.wxauth.server.wechat.CodeRedemptions;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.WeChatEncryptedData;
import dev.wxauth.server.wechat.WeChatMetrics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The mini-program's sign-in, what it keeps (session keys) and what it can do afterwards with its bearer token (bind a
 * phone number, choose a name and an avatar).
 */
@Configuration(proxyBeanMethods = false)
class MiniProgramConfiguration {

	@Bean
	SessionKeyStore sessionKeyStore(JdbcOperations jdbc, AtRestEncryptor encryptor) {
		return new SessionKeyStore(jdbc, encryptor, Clock.systemUTC());
	}

	@Bean
	MiniProgramLogins miniProgramLogins(WeChatApiClient api, CodeRedemptions redemptions, UserFederation federation,
			SessionKeyStore sessionKeys, TransactionOperations transactions, PhoneNumberBinding phoneNumbers,
			LoginEvents loginEvents) {
		return new MiniProgramLogins(api, redemptions, federation, sessionKeys, transactions, phoneNumbers,
				loginEvents);
	}

	@Bean
	MiniProgramBearerTokens miniProgramBearerTokens(OAuth2AuthorizationService authorizations,
			RegisteredClientRepository clients, WeChatApps apps) {
		return new MiniProgramBearerTokens(authorizations, clients, apps);
	}

	@Bean
	PhoneNumberBinding phoneNumberBinding(WeChatApiClient api, AppAccessTokens appAccessTokens,
			SessionKeyStore sessionKeys, UserRepository users, DailyQuotas quotas, WxauthProperties properties,
			WeChatMetrics metrics) {
		return new PhoneNumberBinding(api, appAccessTokens, sessionKeys, new WeChatEncryptedData(Clock.systemUTC()),
				users, new PhoneNumberQuota(quotas, properties.rateLimits()), metrics, Clock.systemUTC());
	}

}
