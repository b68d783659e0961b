package dev.wxauth.server.audit;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;

/** The audit log of changes made by operators, and the log and counts of logins. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	AuditLog auditLog(JdbcOperations jdbc, JsonMapper json) {
		return new AuditLog(jdbc, json);
	}

	@Bean
	LoginEventLog loginEventLog() {
		return new LoginEventLog();
	}

	@Bean
	LoginEvents loginEvents(MeterRegistry registry, LoginEventLog log) {
		return new LoginEvents(registry, log, Clock.systemUTC());
	}

}
