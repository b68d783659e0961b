package dev.wxauth.server.account;

import dev.wxauth.server.audit.AuditLog;
import dev.wxauth.server.authorization.LiveAccessTokens;
import dev.wxauth.server.user.PersonalData;
import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.WeChatApps;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.transaction.support.TransactionOperations;

/** The person's account API for their apps, and who may call it. */
@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

	@Bean
	AccountApiSecurity accountApiSecurity(LiveAccessTokens accessTokens, JsonMapper json,
			AuthorizationServerSettings settings) {
		return new AccountApiSecurity(accessTokens, json, settings.getIssuer());
	}

	@Bean
	Accounts accounts(UserRepository users, PersonalData personalData, WeChatApps apps, AuditLog audit,
			TransactionOperations transactions) {
		return new Accounts(users, personalData, apps, audit, transactions);
	}

}
