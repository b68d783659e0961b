package dev.wxauth.server.database;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The connection pool's size and its gauges (Spring Boot configures the rest).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	static DatabasePoolSizing databasePoolSizing(Environment environment) {
		return new DatabasePoolSizing(environment, Runtime.getRuntime().availableProcessors());
	}

	@Bean
	InitializingBean databasePoolMetrics(MeterRegistry registry, ObjectProvider<DataSource> dataSource) {
		return () -> {
			if (dataSource.getIfAvailable() instanceof HikariDataSource pool) {
				DatabasePoolMetrics.register(registry, pool);
			}
		};
	}

}
