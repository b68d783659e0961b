package dev.wxauth.server.user;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Our users and their WeChat identities, over plain JDBC.
 */
@Configuration(proxyBeanMethods = false)
class UserConfiguration {

	@Bean
	UserRepository userRepository(JdbcOperations jdbc) {
		return new UserRepository(jdbc);
	}

}
