package dev.wxauth.server.ratelimit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

/** The quotas shared by every instance; the limits per instance belong to the features that count them. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	DailyQuotas dailyQuotas(JdbcOperations jdbc, TransactionOperations transactions) {
		return new DailyQuotas(jdbc, transactions);
	}

}
