package dev.wxauth.server.wechat;

import java.time.Clock;

import dev.wxauth.server.config.WxauthProperties;
import dev.wxauth.server.crypto.AtRestEncryptor;
import dev.wxauth.server.wechat.oauth2.SealedCookieAuthorizationRequestRepository;
import dev.wxauth.server.wechat.oauth2.WeChatAuthorizationRequestCustomizer;
import dev.wxauth.server.wechat.oauth2.WeChatClientRegistrations;
import dev.wxauth.server.wechat.oauth2.WeChatCodeTokenResponseClient;
import dev.wxauth.server.wechat.oauth2.WeChatIdentityResolver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * WeChat as the upstream identity provider: our apps, the API client, and the adapters that let Spring
 * Security's {@code oauth2Login} speak WeChat.
 */
@Configuration(proxyBeanMethods = false)
class WeChatConfiguration {

	@Bean
	WeChatApps weChatApps(WxauthProperties properties) {
		return new WeChatApps(properties.wechat());
	}

	@Bean
	WeChatApiClient weChatApiClient(WxauthProperties properties) {
		return new WeChatApiClient(properties.wechat().apiBaseUrl(), properties.wechat().timeout());
	}

	@Bean
	WeChatClientRegistrations weChatClientRegistrations(WeChatApps apps, WxauthProperties properties) {
		return new WeChatClientRegistrations(apps, properties.wechat().openBaseUrl(), properties.wechat().apiBaseUrl());
	}

	@Bean
	OAuth2AuthorizationRequestResolver weChatAuthorizationRequestResolver(WeChatClientRegistrations registrations) {
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations,
				OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		resolver.setAuthorizationRequestCustomizer(new WeChatAuthorizationRequestCustomizer());
		return resolver;
	}

	/** In the browser, sealed: no server session before the person has signed in. */
	@Bean
	AuthorizationRequestRepository<OAuth2AuthorizationRequest> weChatAuthorizationRequestRepository(
			AtRestEncryptor encryptor) {
		return new SealedCookieAuthorizationRequestRepository(encryptor, Clock.systemUTC());
	}

	@Bean
	WeChatCodeTokenResponseClient weChatCodeTokenResponseClient(WeChatApps apps, WeChatApiClient api) {
		return new WeChatCodeTokenResponseClient(apps, api);
	}

	@Bean
	WeChatIdentityResolver weChatIdentityResolver(WeChatApps apps, WeChatApiClient api) {
		return new WeChatIdentityResolver(apps, api);
	}

}
