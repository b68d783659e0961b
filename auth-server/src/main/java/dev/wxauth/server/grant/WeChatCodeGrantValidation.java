package dev.wxauth.server.grant;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.wxauth.server.wechat.AppKind;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The checks both WeChat code grants make before any WeChat call, each failing with its RFC 6749 §5.2 error code.
 */
final class WeChatCodeGrantValidation {

	private WeChatCodeGrantValidation() {
	}

	/** @throws OAuth2AuthenticationException {@code invalid_client} unless client authentication succeeded */
	static OAuth2ClientAuthenticationToken authenticatedClient(WeChatCodeGrantAuthenticationToken grant) {
		if (grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()) {
			return client;
		}
		throw error(OAuth2ErrorCodes.INVALID_CLIENT, null);
	}

	/**
	 * @return the WeChat app of {@code kind} whose codes the client may trade with {@code grantType}
	 * @throws OAuth2AuthenticationException {@code unauthorized_client} when the client lacks the grant, or is not
	 * bound to an app of that kind
	 */
	static WeChatApp boundApp(RegisteredClient client, AuthorizationGrantType grantType, WeChatApps apps,
			AppKind kind) {
		if (!client.getAuthorizationGrantTypes().contains(grantType)) {
			throw error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "The client may not use this grant");
		}
		return apps.boundTo(client, kind)
			.orElseThrow(() -> error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"The client is not bound to a WeChat app of this kind"));
	}

	/**
	 * @return the scopes asked for, or all of the client's when none were
	 * @throws OAuth2AuthenticationException {@code invalid_scope} for a scope the client does not have
	 */
	static Set<String> authorizedScopes(WeChatCodeGrantAuthenticationToken grant, RegisteredClient client) {
		if (grant.getScopes().isEmpty()) {
			return new LinkedHashSet<>(client.getScopes());
		}
		if (!client.getScopes().containsAll(grant.getScopes())) {
			throw error(OAuth2ErrorCodes.INVALID_SCOPE, null);
		}
		return new LinkedHashSet<>(grant.getScopes());
	}

	private static OAuth2AuthenticationException error(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
	}

}
