package dev.wxauth.server.federation;

import java.time.Clock;

import dev.wxauth.server.config.WxauthProperties;
import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.oauth2.WeChatIdentityResolver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

/**
 * From a WeChat identity to our user, and from our user to claims.
 */
@Configuration(proxyBeanMethods = false)
class FederationConfiguration {

	@Bean
	UserRepository userRepository(JdbcOperations jdbc) {
		return new UserRepository(jdbc);
	}

	@Bean
	UserFederation userFederation(UserRepository users, TransactionOperations transactions,
			WxauthProperties properties) {
		return new UserFederation(users, transactions, properties.wechat().profileMaxAge(), Clock.systemUTC());
	}

	@Bean
	FederatedOAuth2UserService federatedOAuth2UserService(WeChatIdentityResolver identities, UserFederation federation) {
		return new FederatedOAuth2UserService(identities, federation);
	}

	@Bean
	UserClaims userClaims(UserRepository users) {
		return new UserClaims(users);
	}

}
