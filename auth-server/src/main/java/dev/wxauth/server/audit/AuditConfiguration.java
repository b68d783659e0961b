package dev.wxauth.server.audit;

import java.time.Clock;

import dev.wxauth.server.properties.WxauthProperties;
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
	LoginEventLog loginEventLog(JdbcOperations jdbc, MeterRegistry registry, WxauthProperties properties) {
		return new LoginEventLog(jdbc, registry, properties.loginEvents().retention(), Clock.systemUTC());
	}

	@Bean
	LoginEvents loginEvents(MeterRegistry registry, LoginEventLog log) {
		return new LoginEvents(registry, log, Clock.systemUTC());
	}

}
