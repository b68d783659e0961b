package dev.wxauth.server.wechat.miniprogram;

import java.security.Principal;
import java.util.Optional;
import java.util.UUID;

import dev.wxauth.server.federation.FederatedPrincipal;
import dev.wxauth.server.wechat.AppKind;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * Who a bearer token at the mini-program's APIs (phone number, profile) speaks for: a live access token of ours, from
 * a login through the mini-program its client is bound to. Its signature and expiry are checked before (the
 * {@code /wechat/**} filter chain); this looks it up in our store, so that a revoked token is refused at once.
 */
public final class MiniProgramBearerTokens {

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	private final WeChatApps apps;

	public MiniProgramBearerTokens(OAuth2AuthorizationService authorizations, RegisteredClientRepository clients,
			WeChatApps apps) {
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(apps, "apps cannot be null");
		this.authorizations = authorizations;
		this.clients = clients;
		this.apps = apps;
	}

	/**
	 * Who the bearer token speaks for, and through which mini-program.
	 * @throws NotAMiniProgramLoginException when the token is unknown or revoked (since the filter chain checked it:
	 * {@link NotAMiniProgramLoginException#revoked()}), or not from a mini-program login
	 */
	public MiniProgramLogin loginOf(String accessToken) {
		OAuth2Authorization authorization = this.authorizations.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
		OAuth2Authorization.Token<OAuth2AccessToken> token = (authorization != null) ? authorization.getAccessToken() : null;
		if (token == null || !token.isActive()) {
			throw new NotAMiniProgramLoginException(true);
		}
		RegisteredClient client = this.clients.findById(authorization.getRegisteredClientId());
		WeChatApp app = ((client != null) ? this.apps.boundTo(client, AppKind.MINI_PROGRAM) : Optional.<WeChatApp>empty())
			.orElseThrow(NotAMiniProgramLoginException::new);
		Authentication principal = authorization.getAttribute(Principal.class.getName());
		if (principal == null || !(principal.getPrincipal() instanceof OAuth2User person)
				|| !app.appid().equals(person.getAttribute(FederatedPrincipal.WECHAT_APPID))) {
			throw new NotAMiniProgramLoginException();
		}
		return new MiniProgramLogin(UUID.fromString(person.getName()), app,
				person.getAttribute(FederatedPrincipal.WECHAT_OPENID));
	}

	/** A mini-program login, as read from its access token. */
	public record MiniProgramLogin(UUID userId, WeChatApp app, String openid) {

		@Override
		public String toString() {
			return "MiniProgramLogin[userId=" + this.userId + ", app=" + this.app.name() + "]";
		}

	}

	/** The bearer token does not belong to a live mini-program login. */
	public static final class NotAMiniProgramLoginException extends RuntimeException {

		private final boolean revoked;

		NotAMiniProgramLoginException() {
			this(false);
		}

		NotAMiniProgramLoginException(boolean revoked) {
			super(revoked ? "The access token is revoked" : "The access token is not a live mini-program login");
			this.revoked = revoked;
		}

		/** Whether the token is no longer live (RFC 6750's {@code invalid_token}), rather than another app's. */
		public boolean revoked() {
			return this.revoked;
		}

	}

}
