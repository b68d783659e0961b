package dev.wxauth.server.database;

import java.time.Clock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The connection pool's size and its gauges (Spring Boot configures the rest), and what a request meets while the
 * database is away.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	static DatabasePoolSizing databasePoolSizing(Environment environment) {
		return new DatabasePoolSizing(environment, Runtime.getRuntime().availableProcessors());
	}

	/** Outside every filter that may need the database: the session's, the security chains'. */
	@Bean
	FilterRegistrationBean<DatabaseOutages> databaseOutages() {
		FilterRegistrationBean<DatabaseOutages> registration = new FilterRegistrationBean<>(
				new DatabaseOutages(Clock.systemUTC()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
		return registration;
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
