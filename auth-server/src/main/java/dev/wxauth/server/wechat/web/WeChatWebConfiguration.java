package dev.wxauth.server.wechat.web;

import java.time.Clock;

import dev.wxauth.server.audit.LoginEvents;
import dev.wxauth.server.crypto.AtRestEncryptor;
import dev.wxauth.server.federation.LoginPolicy;
import dev.wxauth.server.federation.UserFederation;
import dev.wxauth.server.properties.WxauthProperties;
import dev.wxauth.server.wechat.CodeRedemptions;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.WeChatProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * The WeChat browser login: the adapters that let Spring Security's {@code oauth2Login} speak WeChat, and which
 * WeChat login a browser gets.
 */
@Configuration(proxyBeanMethods = false)
class WeChatWebConfiguration {

	@Bean
	WaitingClient waitingClient(RequestCache authorizationRequestCache, RegisteredClientRepository clients,
			AuthorizationServerSettings settings, WxauthProperties properties) {
		return new WaitingClient(authorizationRequestCache, clients, settings.getAuthorizationEndpoint(),
				LoginPolicy.named(properties.login().defaultPolicy()));
	}

	@Bean
	WeChatLoginChoice weChatLoginChoice(WeChatApps apps, WaitingClient waitingClient, WeChatProperties properties,
			AtRestEncryptor encryptor) {
		WeChatClientRegistrations registrations = new WeChatClientRegistrations(apps, properties.openBaseUrl(),
				properties.apiBaseUrl());
		DefaultOAuth2AuthorizationRequestResolver authorizationRequests = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		authorizationRequests.setAuthorizationRequestCustomizer(new WeChatAuthorizationRequestCustomizer());
		// in the browser, sealed: no server session before the person has signed in
		return new WeChatLoginChoice(apps, waitingClient, properties.embedQr(), registrations,
				new RefusingAuthorizationRequestResolver(authorizationRequests),
				new SealedCookieAuthorizationRequestRepository(encryptor, Clock.systemUTC()));
	}

	@Bean
	WeChatWebLogin weChatWebLogin(WeChatLoginChoice choice, WeChatApps apps, WeChatApiClient api,
			CodeRedemptions redemptions, UserFederation federation, WaitingClient waitingClient,
			LoginEvents loginEvents) {
		return new WeChatWebLogin(choice, new WeChatCodeTokenResponseClient(apps, api, redemptions),
				new WeChatOAuth2UserService(apps, api, federation, waitingClient, loginEvents),
				(failures) -> new RecordingLoginFailures(apps, waitingClient, loginEvents, failures));
	}

}
