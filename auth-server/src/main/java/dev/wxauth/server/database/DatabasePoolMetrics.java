package dev.wxauth.server.database;

import java.util.function.ToIntFunction;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The connection pool's use ({@code wxauth_database_connections}, by state: active, idle, pending threads, and the
 * pool's maximum), read from the pool at each scrape: a pool always at its maximum with threads pending is what a
 * slow database looks like from here.
 */
final class DatabasePoolMetrics {

	private DatabasePoolMetrics() {
	}

	static void register(MeterRegistry registry, HikariDataSource dataSource) {
		gauge(registry, dataSource, "active", HikariPoolMXBean::getActiveConnections);
		gauge(registry, dataSource, "idle", HikariPoolMXBean::getIdleConnections);
		gauge(registry, dataSource, "pending", HikariPoolMXBean::getThreadsAwaitingConnection);
		Gauge.builder("wxauth.database.connections", dataSource, HikariDataSource::getMaximumPoolSize)
			.tag("state", "max")
			.register(registry);
	}

	private static void gauge(MeterRegistry registry, HikariDataSource dataSource, String state,
			ToIntFunction<HikariPoolMXBean> reading) {
		Gauge.builder("wxauth.database.connections", dataSource, (pool) -> {
			// null until the pool has started
			HikariPoolMXBean bean = pool.getHikariPoolMXBean();
			return (bean != null) ? reading.applyAsInt(bean) : Double.NaN;
		}).tag("state", state).register(registry);
	}

}
