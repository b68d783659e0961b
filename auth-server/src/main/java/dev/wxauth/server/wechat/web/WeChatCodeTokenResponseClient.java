package dev.wxauth.server.wechat.web;

import java.util.Map;

import dev.wxauth.server.wechat.CodeRedemptions;
import dev.wxauth.server.wechat.SnsAccessToken;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.util.Assert;

/**
 * The authorization-code exchange, WeChat style: {@code GET sns/oauth2/access_token} with {@code appid} and
 * {@code secret} as query parameters and an errcode in a 200 reply ({@link WeChatApiClient#exchangeCode}). WeChat's
 * whole reply (openid, unionid, snapshot mode) travels on to the user service as one typed value,
 * {@link #snsAccessToken(OAuth2UserRequest)}: additional parameters are the one channel the framework offers between
 * the two.
 * <p>
 * The code goes to WeChat once, however many times WeChat's callback brings it ({@link CodeRedemptions#exchangeOnce}):
 * another callback of the same login (the same browser's state) finishes it with the first one's answer, without
 * WeChat's token, so that the person is signed in by whichever answer the browser keeps.
 */
final class WeChatCodeTokenResponseClient
		implements OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> {

	private static final String SNS_ACCESS_TOKEN = SnsAccessToken.class.getName();

	/** The framework's token value in an answer without WeChat's token; nothing reads it. */
	private static final String NO_WECHAT_TOKEN = "none";

	private final WeChatApps apps;

	private final WeChatApiClient api;

	private final CodeRedemptions redemptions;

	WeChatCodeTokenResponseClient(WeChatApps apps, WeChatApiClient api, CodeRedemptions redemptions) {
		Assert.notNull(apps, "apps cannot be null");
		Assert.notNull(api, "api cannot be null");
		Assert.notNull(redemptions, "redemptions cannot be null");
		this.apps = apps;
		this.api = api;
		this.redemptions = redemptions;
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(OAuth2AuthorizationCodeGrantRequest request) {
		ClientRegistration registration = request.getClientRegistration();
		WeChatApp app = this.apps.byName(registration.getRegistrationId())
			.orElseThrow(() -> new IllegalStateException("No WeChat app named " + registration.getRegistrationId()));
		String code = request.getAuthorizationExchange().getAuthorizationResponse().getCode();
		// the state of this browser's own record of the login, which the callback's state has matched
		String login = request.getAuthorizationExchange().getAuthorizationRequest().getState();
		SnsAccessToken token = this.redemptions.exchangeOnce(app, code, login,
				(once) -> withRequestedScopes(this.api.exchangeCode(app, once), registration));
		OAuth2AccessTokenResponse.Builder response = OAuth2AccessTokenResponse
			.withToken((token.accessToken() != null) ? token.accessToken() : NO_WECHAT_TOKEN)
			.tokenType(OAuth2AccessToken.TokenType.BEARER)
			.expiresIn(token.expiresIn())
			.scopes(token.scopes())
			.additionalParameters(Map.of(SNS_ACCESS_TOKEN, token));
		if (token.refreshToken() != null) {
			response.refreshToken(token.refreshToken());
		}
		return response.build();
	}

	/** No scope in the reply means the requested one (RFC 6749 §5.1). */
	private static SnsAccessToken withRequestedScopes(SnsAccessToken token, ClientRegistration registration) {
		return token.scopes().isEmpty() ? token.withScopes(registration.getScopes()) : token;
	}

	/** WeChat's reply to the code exchange that {@code request} follows. */
	static SnsAccessToken snsAccessToken(OAuth2UserRequest request) {
		Object token = request.getAdditionalParameters().get(SNS_ACCESS_TOKEN);
		Assert.state(token instanceof SnsAccessToken, "The user request does not follow a WeChat code exchange");
		return (SnsAccessToken) token;
	}

}
