package dev.wxauth.server.audit;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;

/** The audit log of changes made by operators. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	AuditLog auditLog(JdbcOperations jdbc, JsonMapper json) {
		return new AuditLog(jdbc, json);
	}

}
