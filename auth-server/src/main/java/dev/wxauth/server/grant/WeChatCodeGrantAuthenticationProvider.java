package dev.wxauth.server.grant;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.wxauth.server.config.WxauthProperties.AppKind;
import dev.wxauth.server.federation.FederatedPrincipal;
import dev.wxauth.server.federation.UserFederation;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.WeChatException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * Authenticates a WeChat code grant: client authenticated → grant and WeChat app allowed for the client →
 * scopes → the code claimed (a replay stops here) → the code traded with WeChat → our user found or created →
 * tokens generated → authorization saved. The user and the session key are written in one transaction; the tokens
 * are signed after it commits, so that no connection or user-row lock is held through two RSA signatures (with them
 * inside, logins queued for connections while the processors signed). A failure after the commit leaves the person
 * federated and the session key current, which the next login would write the same; no token is returned unless the
 * authorization holding it was saved.
 */
public final class WeChatCodeGrantAuthenticationProvider implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(WeChatCodeGrantAuthenticationProvider.class);

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	private final AuthorizationGrantType grantType;

	private final AppKind appKind;

	private final WeChatCodeRedeemer redeemer;

	private final Dependencies dependencies;

	public WeChatCodeGrantAuthenticationProvider(AuthorizationGrantType grantType, AppKind appKind,
			WeChatCodeRedeemer redeemer, Dependencies dependencies) {
		Assert.notNull(grantType, "grantType cannot be null");
		Assert.notNull(appKind, "appKind cannot be null");
		Assert.notNull(redeemer, "redeemer cannot be null");
		Assert.notNull(dependencies, "dependencies cannot be null");
		this.grantType = grantType;
		this.appKind = appKind;
		this.redeemer = redeemer;
		this.dependencies = dependencies;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		WeChatCodeGrantAuthenticationToken grant = (WeChatCodeGrantAuthenticationToken) authentication;
		if (!this.grantType.equals(grant.getGrantType())) {
			return null;
		}
		OAuth2ClientAuthenticationToken clientPrincipal = authenticatedClient(grant);
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		if (!client.getAuthorizationGrantTypes().contains(this.grantType)) {
			throw error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "The client may not use this grant");
		}
		WeChatApp app = boundApp(client);
		Set<String> scopes = scopes(grant, client);
		if (!this.dependencies.redemptions().claim(app.appid(), grant.getCode())) {
			logger.warn("Refused a replayed WeChat code from client " + client.getClientId());
			throw error(OAuth2ErrorCodes.INVALID_GRANT, "The code was already used");
		}
		WeChatCodeRedeemer.Redemption redemption = redeem(app, grant.getCode(), client);
		OAuth2AuthenticationToken person = this.dependencies.transactions().execute((tx) -> {
			UUID userId = this.dependencies.federation().federate(redemption.identity());
			redemption.persist().run();
			return FederatedPrincipal.authentication(userId, redemption.identity(), app.name());
		});
		return issueTokens(grant, clientPrincipal, person, scopes);
	}

	private WeChatApp boundApp(RegisteredClient client) {
		return WeChatGrantTypes.boundApp(client, this.dependencies.apps(), this.appKind)
			.orElseThrow(() -> error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"The client is not bound to a WeChat app of this kind"));
	}

	private static Set<String> scopes(WeChatCodeGrantAuthenticationToken grant, RegisteredClient client) {
		if (grant.getScopes().isEmpty()) {
			return new LinkedHashSet<>(client.getScopes());
		}
		if (!client.getScopes().containsAll(grant.getScopes())) {
			throw error(OAuth2ErrorCodes.INVALID_SCOPE, null);
		}
		return new LinkedHashSet<>(grant.getScopes());
	}

	private WeChatCodeRedeemer.Redemption redeem(WeChatApp app, String code, RegisteredClient client) {
		try {
			return this.redeemer.redeem(app, code);
		}
		catch (WeChatException ex) {
			if (ex.kind() != WeChatException.Kind.INVALID_GRANT) {
				// WeChat did not take the code: the app may try it again
				this.dependencies.redemptions().release(app.appid(), code);
			}
			logger.debug("WeChat refused a code from client " + client.getClientId() + ": " + ex.kind());
			throw new OAuth2AuthenticationException(ex.toOAuth2Error(), ex);
		}
	}

	private OAuth2AccessTokenAuthenticationToken issueTokens(WeChatCodeGrantAuthenticationToken grant,
			OAuth2ClientAuthenticationToken clientPrincipal, OAuth2AuthenticationToken person, Set<String> scopes) {
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		OAuth2TokenGenerator<? extends OAuth2Token> tokens = this.dependencies.tokenGenerator();
		DefaultOAuth2TokenContext.Builder context = DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(person)
			.authorizationServerContext(AuthorizationServerContextHolder.getContext())
			.authorizedScopes(scopes)
			.authorizationGrantType(this.grantType)
			.authorizationGrant(grant);
		OAuth2Authorization.Builder authorization = OAuth2Authorization.withRegisteredClient(client)
			.principalName(person.getName())
			.authorizationGrantType(this.grantType)
			.authorizedScopes(scopes)
			.attribute(Principal.class.getName(), person);

		OAuth2TokenContext accessTokenContext = context.tokenType(OAuth2TokenType.ACCESS_TOKEN).build();
		OAuth2Token generatedAccessToken = generate(tokens, accessTokenContext, "access token");
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				generatedAccessToken.getTokenValue(), generatedAccessToken.getIssuedAt(),
				generatedAccessToken.getExpiresAt(), accessTokenContext.getAuthorizedScopes());
		if (generatedAccessToken instanceof ClaimAccessor claims) {
			authorization.token(accessToken,
					(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims.getClaims()));
		}
		else {
			authorization.accessToken(accessToken);
		}

		OAuth2RefreshToken refreshToken = null;
		if (client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
			OAuth2Token generated = generate(tokens, context.tokenType(OAuth2TokenType.REFRESH_TOKEN).build(),
					"refresh token");
			refreshToken = (OAuth2RefreshToken) generated;
			authorization.refreshToken(refreshToken);
		}

		Map<String, Object> additionalParameters = Map.of();
		if (scopes.contains(OidcScopes.OPENID)) {
			OAuth2TokenContext idTokenContext = context.tokenType(ID_TOKEN).authorization(authorization.build()).build();
			Jwt generated = (Jwt) generate(tokens, idTokenContext, "ID token");
			OidcIdToken idToken = new OidcIdToken(generated.getTokenValue(), generated.getIssuedAt(),
					generated.getExpiresAt(), generated.getClaims());
			authorization.token(idToken,
					(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idToken.getClaims()));
			additionalParameters = Map.of(OidcParameterNames.ID_TOKEN, idToken.getTokenValue());
		}

		this.dependencies.authorizations().save(authorization.build());
		return new OAuth2AccessTokenAuthenticationToken(client, clientPrincipal, accessToken, refreshToken,
				additionalParameters);
	}

	private static OAuth2Token generate(OAuth2TokenGenerator<? extends OAuth2Token> tokens, OAuth2TokenContext context,
			String what) {
		OAuth2Token token = tokens.generate(context);
		if (token == null) {
			throw error(OAuth2ErrorCodes.SERVER_ERROR, "The token generator failed to generate the " + what);
		}
		return token;
	}

	private static OAuth2ClientAuthenticationToken authenticatedClient(Authentication grant) {
		if (grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()) {
			return client;
		}
		throw error(OAuth2ErrorCodes.INVALID_CLIENT, null);
	}

	private static OAuth2AuthenticationException error(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return WeChatCodeGrantAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/**
	 * What the provider works with, besides the redeemer: the narrow set of collaborators a code grant needs.
	 */
	public record Dependencies(WeChatApps apps, CodeRedemptions redemptions, UserFederation federation,
			OAuth2AuthorizationService authorizations, OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator,
			TransactionOperations transactions) {

		public Dependencies {
			Assert.notNull(apps, "apps cannot be null");
			Assert.notNull(redemptions, "redemptions cannot be null");
			Assert.notNull(federation, "federation cannot be null");
			Assert.notNull(authorizations, "authorizations cannot be null");
			Assert.notNull(tokenGenerator, "tokenGenerator cannot be null");
			Assert.notNull(transactions, "transactions cannot be null");
		}

	}

}
