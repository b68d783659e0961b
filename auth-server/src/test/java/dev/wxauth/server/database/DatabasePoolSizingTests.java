package dev.wxauth.server.database;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DatabasePoolSizingTests {

	@Test
	void whenNothingSetThenTwiceTheProcessorsPlusOne() {
		assertThat(sizeWith(new MockEnvironment(), 2)).isEqualTo(5);
		assertThat(sizeWith(new MockEnvironment(), 16)).isEqualTo(33);
	}

	@Test
	void whenEnvironmentVariableSetThenItWins() {
		assertThat(sizeWith(new MockEnvironment().withProperty("WXAUTH_DB_POOL_SIZE", "12"), 2)).isEqualTo(12);
	}

	@Test
	void whenSpringPropertySetThenLeftAsBound() {
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setMaximumPoolSize(7);

			new DatabasePoolSizing(new MockEnvironment().withProperty("spring.datasource.hikari.maximum-pool-size", "7"), 2)
				.postProcessBeforeInitialization(pool, "dataSource");

			assertThat(pool.getMaximumPoolSize()).isEqualTo(7);
		}
	}

	static int sizeWith(MockEnvironment environment, int processors) {
		try (HikariDataSource pool = new HikariDataSource()) {
			new DatabasePoolSizing(environment, processors).postProcessBeforeInitialization(pool, "dataSource");
			return pool.getMaximumPoolSize();
		}
	}

}
