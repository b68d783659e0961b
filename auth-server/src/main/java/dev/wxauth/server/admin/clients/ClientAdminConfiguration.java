package dev.wxauth.server.admin.clients;

import java.time.Clock;

import dev.wxauth.server.audit.AuditLog;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionOperations;

/** Clients as operators manage them. */
@Configuration(proxyBeanMethods = false)
class ClientAdminConfiguration {

	@Bean
	ClientRegistrations clientRegistrations(RegisteredClientRepository clients, JdbcOperations jdbc,
			TransactionOperations transactions, PasswordEncoder passwordEncoder, AuditLog audit, WeChatApps weChatApps) {
		return new ClientRegistrations(clients, jdbc, transactions, passwordEncoder, audit, weChatApps,
				Clock.systemUTC());
	}

}
