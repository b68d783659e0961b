package dev.wxauth.server.database;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;

/**
 * Sizes the connection pool: {@code WXAUTH_DB_POOL_SIZE} (or {@code spring.datasource.hikari.maximum-pool-size}) when
 * set, otherwise twice the processors plus one, HikariCP's pool-sizing rule. More connections than that only make
 * requests queue inside PostgreSQL instead of in the pool (README, Performance, has the figures).
 */
final class DatabasePoolSizing implements BeanPostProcessor {

	static final String MAXIMUM_POOL_SIZE = "spring.datasource.hikari.maximum-pool-size";

	static final String POOL_SIZE_VARIABLE = "WXAUTH_DB_POOL_SIZE";

	private final Environment environment;

	private final int processors;

	DatabasePoolSizing(Environment environment, int processors) {
		Assert.notNull(environment, "environment cannot be null");
		Assert.isTrue(processors > 0, "processors must be positive");
		this.environment = environment;
		this.processors = processors;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && !this.environment.containsProperty(MAXIMUM_POOL_SIZE)) {
			pool.setMaximumPoolSize(this.environment.getProperty(POOL_SIZE_VARIABLE, Integer.class,
					defaultSize(this.processors)));
		}
		return bean;
	}

	static int defaultSize(int processors) {
		return 2 * processors + 1;
	}

}
