package dev.wxauth.server.wechat.oauth2;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.wxauth.server.wechat.SnsAccessToken;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.WeChatException;

import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.util.Assert;

/**
 * The authorization-code exchange, WeChat style: {@code GET sns/oauth2/access_token} with {@code appid} and
 * {@code secret} as query parameters, an errcode in a 200 reply, and {@code openid} / {@code unionid} /
 * {@code is_snapshotuser} in the token reply, passed on as additional parameters for the user service.
 */
public final class WeChatCodeTokenResponseClient
		implements OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> {

	static final String OPENID = "openid";

	static final String UNIONID = "unionid";

	static final String SNAPSHOT_USER = "is_snapshotuser";

	private final WeChatApps apps;

	private final WeChatApiClient api;

	public WeChatCodeTokenResponseClient(WeChatApps apps, WeChatApiClient api) {
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
		Map<String, Object> additional = new LinkedHashMap<>();
		additional.put(OPENID, token.openid());
		if (token.unionid() != null) {
			additional.put(UNIONID, token.unionid());
		}
		additional.put(SNAPSHOT_USER, token.snapshotUser());
		OAuth2AccessTokenResponse.Builder response = OAuth2AccessTokenResponse.withToken(token.accessToken())
			.tokenType(OAuth2AccessToken.TokenType.BEARER)
			.expiresIn(token.expiresIn())
			// no scope in the reply means the requested one (RFC 6749 §5.1)
			.scopes(token.scopes().isEmpty() ? request.getClientRegistration().getScopes() : token.scopes())
			.additionalParameters(additional);
		if (token.refreshToken() != null) {
			response.refreshToken(token.refreshToken());
		}
		return response.build();
	}

}
