package dev.wxauth.server.federation;

import java.time.Clock;

import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.WeChatProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionOperations;

/**
 * From a WeChat identity to our user, and from our user to claims.
 */
@Configuration(proxyBeanMethods = false)
class FederationConfiguration {

	@Bean
	UserFederation userFederation(UserRepository users, TransactionOperations transactions,
			WeChatProperties properties) {
		return new UserFederation(users, transactions, properties.profileMaxAge(), Clock.systemUTC());
	}

	@Bean
	UserClaims userClaims(UserRepository users) {
		return new UserClaims(users);
	}

}
