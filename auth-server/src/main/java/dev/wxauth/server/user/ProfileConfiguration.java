package dev.wxauth.server.user;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The profile a person chooses for themselves: their name, and their avatar, stored and published by us.
 */
@Configuration(proxyBeanMethods = false)
class ProfileConfiguration {

	@Bean
	Avatars avatars(JdbcOperations jdbc) {
		return new Avatars(jdbc);
	}

	@Bean
	ChosenProfiles chosenProfiles(UserRepository users, Avatars avatars, TransactionOperations transactions,
			AuthorizationServerSettings settings) {
		return new ChosenProfiles(users, avatars, transactions, settings.getIssuer(), Clock.systemUTC());
	}

}
