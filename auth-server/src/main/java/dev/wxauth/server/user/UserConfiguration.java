package dev.wxauth.server.user;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Our users and their WeChat identities, over plain JDBC, and what is kept of a person with the ways it goes.
 */
@Configuration(proxyBeanMethods = false)
class UserConfiguration {

	@Bean
	UserRepository userRepository(JdbcOperations jdbc) {
		return new UserRepository(jdbc);
	}

	@Bean
	PersonalData personalData(JdbcOperations jdbc, TransactionOperations transactions,
			PersonalData.SessionEnding sessionEnding) {
		return new PersonalData(jdbc, transactions, sessionEnding);
	}

}
