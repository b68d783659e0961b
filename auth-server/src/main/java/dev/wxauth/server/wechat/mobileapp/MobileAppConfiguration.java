package dev.wxauth.server.wechat.mobileapp;

import dev.wxauth.server.audit.LoginEvents;
import dev.wxauth.server.federation.UserFederation;
import dev.wxauth.server.wechat.CodeRedemptions;
import dev.wxauth.server.wechat.WeChatApiClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The native app's sign-in.
 */
@Configuration(proxyBeanMethods = false)
class MobileAppConfiguration {

	@Bean
	MobileAppLogins mobileAppLogins(WeChatApiClient api, CodeRedemptions redemptions, UserFederation federation,
			LoginEvents loginEvents) {
		return new MobileAppLogins(api, redemptions, federation, loginEvents);
	}

}
