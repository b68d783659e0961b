package dev.wxauth.server.grant;

import java.security.Principal;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
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
import org.springframework.util.Assert;

/**
 * The last steps of both WeChat code grants, once the person has signed in: the access token, a refresh token when
 * the client has that grant, an ID token with scope {@code openid}, then the authorization holding them saved, as the
 * framework's own grants do. Nothing is returned unless the authorization was saved. Called after the login's
 * transaction committed, so that no connection or row lock is held through the RSA signatures.
 */
final class WeChatCodeGrantTokens {

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

	private final OAuth2AuthorizationService authorizations;

	WeChatCodeGrantTokens(OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator,
			OAuth2AuthorizationService authorizations) {
		Assert.notNull(tokenGenerator, "tokenGenerator cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		this.tokenGenerator = tokenGenerator;
		this.authorizations = authorizations;
	}

	/**
	 * @param person the signed-in person, as the authorization stores them
	 * @param scopes the scopes authorized
	 * @param dPoPProof the request's verified DPoP proof, whose key the access token is then bound to; for these
	 * public clients the refresh token too, as the framework's refresh grant then asks a proof with the same key
	 */
	OAuth2AccessTokenAuthenticationToken issue(WeChatCodeGrantAuthenticationToken grant,
			OAuth2ClientAuthenticationToken clientPrincipal, Authentication person, Set<String> scopes,
			@Nullable Jwt dPoPProof) {
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		AuthorizationGrantType grantType = grant.getGrantType();
		DefaultOAuth2TokenContext.Builder context = DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(person)
			.authorizationServerContext(AuthorizationServerContextHolder.getContext())
			.authorizedScopes(scopes)
			.authorizationGrantType(grantType)
			.authorizationGrant(grant);
		OAuth2Authorization.Builder authorization = OAuth2Authorization.withRegisteredClient(client)
			.principalName(person.getName())
			.authorizationGrantType(grantType)
			.authorizedScopes(scopes)
			.attribute(Principal.class.getName(), person);
		if (dPoPProof != null) {
			context.put(OAuth2TokenContext.DPOP_PROOF_KEY, dPoPProof);
		}

		OAuth2TokenContext accessTokenContext = context.tokenType(OAuth2TokenType.ACCESS_TOKEN).build();
		OAuth2Token generatedAccessToken = generate(accessTokenContext, "access token");
		OAuth2AccessToken accessToken = new OAuth2AccessToken(tokenType(generatedAccessToken),
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
			if (!(generate(context.tokenType(OAuth2TokenType.REFRESH_TOKEN).build(),
					"refresh token") instanceof OAuth2RefreshToken generated)) {
				throw generatorFailed("refresh token");
			}
			refreshToken = generated;
			authorization.refreshToken(refreshToken);
		}

		Map<String, Object> additionalParameters = Map.of();
		if (scopes.contains(OidcScopes.OPENID)) {
			OAuth2TokenContext idTokenContext = context.tokenType(ID_TOKEN)
				.authorization(authorization.build())
				.build();
			if (!(generate(idTokenContext, "ID token") instanceof Jwt generated)) {
				throw generatorFailed("ID token");
			}
			OidcIdToken idToken = new OidcIdToken(generated.getTokenValue(), generated.getIssuedAt(),
					generated.getExpiresAt(), generated.getClaims());
			authorization.token(idToken,
					(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idToken.getClaims()));
			additionalParameters = Map.of(OidcParameterNames.ID_TOKEN, idToken.getTokenValue());
		}

		this.authorizations.save(authorization.build());
		return new OAuth2AccessTokenAuthenticationToken(client, clientPrincipal, accessToken, refreshToken,
				additionalParameters);
	}

	/** {@code DPoP} for a token bound to a key ({@code cnf.jkt}, RFC 9449 §6.1), as the framework's grants say. */
	private static OAuth2AccessToken.TokenType tokenType(OAuth2Token accessToken) {
		if (accessToken instanceof ClaimAccessor claims && claims.getClaimAsMap("cnf") instanceof Map<?, ?> confirmation
				&& confirmation.containsKey("jkt")) {
			return OAuth2AccessToken.TokenType.DPOP;
		}
		return OAuth2AccessToken.TokenType.BEARER;
	}

	private OAuth2Token generate(OAuth2TokenContext context, String what) {
		OAuth2Token token = this.tokenGenerator.generate(context);
		if (token == null) {
			throw generatorFailed(what);
		}
		return token;
	}

	private static OAuth2AuthenticationException generatorFailed(String what) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
				"The token generator failed to generate the " + what, null));
	}

}
