package dev.wxauth.server.database;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The connection pool's size (Spring Boot configures the rest).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	static DatabasePoolSizing databasePoolSizing(Environment environment) {
		return new DatabasePoolSizing(environment, Runtime.getRuntime().availableProcessors());
	}

}
