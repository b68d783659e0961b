package dev.wxauth.server.grant;

import java.time.Clock;
import java.util.List;

import dev.wxauth.server.app.MobileAppCodeRedeemer;
import dev.wxauth.server.config.WxauthProperties.AppKind;
import dev.wxauth.server.federation.UserFederation;
import dev.wxauth.server.miniprogram.MiniProgramCodeRedeemer;
import dev.wxauth.server.miniprogram.SessionKeyStore;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The mini-program and native-app grants, and what they store.
 */
@Configuration(proxyBeanMethods = false)
class WeChatGrantsConfiguration {

	@Bean
	CodeRedemptions codeRedemptions(JdbcOperations jdbc) {
		return new CodeRedemptions(jdbc, Clock.systemUTC());
	}

	@Bean
	WeChatCodeGrants weChatCodeGrants(WeChatApps apps, WeChatApiClient api, CodeRedemptions redemptions,
			SessionKeyStore sessionKeys, UserFederation federation, OAuth2AuthorizationService authorizations,
			OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator, TransactionOperations transactions,
			RegisteredClientRepository clients) {
		WeChatCodeGrantAuthenticationProvider.Dependencies dependencies = new WeChatCodeGrantAuthenticationProvider.Dependencies(
				apps, redemptions, federation, authorizations, tokenGenerator, transactions);
		return new WeChatCodeGrants(List.of(
				new WeChatCodeGrantAuthenticationProvider(WeChatGrantTypes.MINI_PROGRAM, AppKind.MINI_PROGRAM,
						new MiniProgramCodeRedeemer(api, sessionKeys), dependencies),
				new WeChatCodeGrantAuthenticationProvider(WeChatGrantTypes.MOBILE_APP, AppKind.MOBILE_APP,
						new MobileAppCodeRedeemer(api, federation), dependencies)),
				clients);
	}

}
