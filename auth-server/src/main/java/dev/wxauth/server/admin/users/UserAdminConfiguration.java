package dev.wxauth.server.admin.users;

import java.time.Clock;

import dev.wxauth.server.audit.AuditLog;
import dev.wxauth.server.user.PersonalData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

/** People as operators look them up and act on them. */
@Configuration(proxyBeanMethods = false)
class UserAdminConfiguration {

	@Bean
	UserAdministration userAdministration(JdbcOperations jdbc, TransactionOperations transactions, AuditLog audit,
			PersonalData personalData) {
		return new UserAdministration(jdbc, transactions, audit, personalData, Clock.systemUTC());
	}

}
