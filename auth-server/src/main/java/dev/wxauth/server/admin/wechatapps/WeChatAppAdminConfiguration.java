package dev.wxauth.server.admin.wechatapps;

import java.time.Clock;

import dev.wxauth.server.admin.clients.ClientRegistrations;
import dev.wxauth.server.audit.AuditLog;
import dev.wxauth.server.wechat.WeChatAppCheck;
import dev.wxauth.server.wechat.WeChatAppStore;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

/** WeChat apps as operators manage them. */
@Configuration(proxyBeanMethods = false)
class WeChatAppAdminConfiguration {

	@Bean
	WeChatAppAdministration weChatAppAdministration(WeChatApps apps, WeChatAppStore store, WeChatAppCheck check,
			ClientRegistrations clients, JdbcOperations jdbc, TransactionOperations transactions, AuditLog audit) {
		return new WeChatAppAdministration(apps, store, check, clients, jdbc, transactions, audit, Clock.systemUTC());
	}

}
