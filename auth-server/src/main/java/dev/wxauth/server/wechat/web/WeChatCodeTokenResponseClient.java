package dev.wxauth.server.wechat.web;

import java.util.Map;

import dev.wxauth.server.wechat.SnsAccessToken;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.WeChatException;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.util.Assert;

/**
 * The authorization-code exchange, WeChat style: {@code GET sns/oauth2/access_token} with {@code appid} and
 * {@code secret} as query parameters and an errcode in a 200 reply ({@link WeChatApiClient#exchangeCode}). WeChat's
 * whole reply (openid, unionid, snapshot mode) travels on to the user service as one typed value,
 * {@link #snsAccessToken(OAuth2UserRequest)}: additional parameters are the one channel the framework offers between
 * the two.
 */
final class WeChatCodeTokenResponseClient
		implements OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> {

	private static final String SNS_ACCESS_TOKEN = SnsAccessToken.class.getName();

	private final WeChatApps apps;

	private final WeChatApiClient api;

	WeChatCodeTokenResponseClient(WeChatApps apps, WeChatApiClient api) {
		Assert.notNull(apps, "apps cannot be null");
		Assert.notNull(api, "api cannot be null");
		this.apps = apps;
		this.api = api;
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(OAuth2AuthorizationCodeGrantRequest request) {
		String registrationId = request.getClientRegistration().getRegistrationId();
		WeChatApp app = this.apps.byName(registrationId)
			.orElseThrow(() -> new IllegalStateException("No WeChat app named " + registrationId));
		String code = request.getAuthorizationExchange().getAuthorizationResponse().getCode();
		SnsAccessToken token;
		try {
			token = this.api.exchangeCode(app, code);
		}
		catch (WeChatException ex) {
			throw new OAuth2AuthorizationException(ex.toOAuth2Error(), ex);
		}
		if (token.scopes().isEmpty()) {
			// no scope in the reply means the requested one (RFC 6749 §5.1)
			token = token.withScopes(request.getClientRegistration().getScopes());
		}
		OAuth2AccessTokenResponse.Builder response = OAuth2AccessTokenResponse.withToken(token.accessToken())
			.tokenType(OAuth2AccessToken.TokenType.BEARER)
			.expiresIn(token.expiresIn())
			.scopes(token.scopes())
			.additionalParameters(Map.of(SNS_ACCESS_TOKEN, token));
		if (token.refreshToken() != null) {
			response.refreshToken(token.refreshToken());
		}
		return response.build();
	}

	/** WeChat's reply to the code exchange that {@code request} follows. */
	static SnsAccessToken snsAccessToken(OAuth2UserRequest request) {
		Object token = request.getAdditionalParameters().get(SNS_ACCESS_TOKEN);
		Assert.state(token instanceof SnsAccessToken, "The user request does not follow a WeChat code exchange");
		return (SnsAccessToken) token;
	}

}
