package dev.wxauth.server.authorization;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

/**
 * Token introspection (<a href="https://www.rfc-editor.org/rfc/rfc7662#section-4">RFC 7662 §4</a>) limited to the
 * tokens the calling client is entitled to: its own access and refresh tokens, and, for a client registered with
 * {@link #INTROSPECT_ANY_ACCESS_TOKEN} (a resource server), every client's access tokens. Any other token answers
 * inactive, exactly as a token that never existed, so that a client learns nothing about another's tokens.
 * <p>
 * ID tokens are never introspectable, not even by their own client: an ID token is an assertion to its client,
 * checked by its signature (OpenID Connect Core §3.1.3.7), not a credential presented anywhere, and its claims are
 * the person's (WeChat ids, name, picture). For the same reason an active answer carries RFC 7662's fields only.
 * <p>
 * Wraps the framework's provider, which reads the token's claims; the authorization it looks up again is the one
 * this class found, remembered for the request by {@link PostgresAuthorizationService}.
 */
public final class EntitledTokenIntrospection implements AuthenticationProvider {

	/**
	 * The client setting ({@code true}) that lets a client introspect access tokens issued to other clients, as a
	 * resource server needs to; never their refresh or ID tokens.
	 */
	public static final String INTROSPECT_ANY_ACCESS_TOKEN = "settings.client.wxauth.introspect-any-access-token";

	/** RFC 7662 §2.2's fields, those our tokens have. */
	private static final Set<String> INTROSPECTION_FIELDS = Set.of(OAuth2TokenIntrospectionClaimNames.ACTIVE,
			OAuth2TokenIntrospectionClaimNames.SCOPE, OAuth2TokenIntrospectionClaimNames.CLIENT_ID,
			OAuth2TokenIntrospectionClaimNames.USERNAME, OAuth2TokenIntrospectionClaimNames.TOKEN_TYPE,
			OAuth2TokenIntrospectionClaimNames.EXP, OAuth2TokenIntrospectionClaimNames.IAT,
			OAuth2TokenIntrospectionClaimNames.NBF, OAuth2TokenIntrospectionClaimNames.SUB,
			OAuth2TokenIntrospectionClaimNames.AUD, OAuth2TokenIntrospectionClaimNames.ISS,
			OAuth2TokenIntrospectionClaimNames.JTI);

	private static final Log logger = LogFactory.getLog(EntitledTokenIntrospection.class);

	private final OAuth2TokenIntrospectionAuthenticationProvider introspection;

	private final OAuth2AuthorizationService authorizations;

	private final CredentialMetrics metrics;

	EntitledTokenIntrospection(OAuth2TokenIntrospectionAuthenticationProvider introspection,
			OAuth2AuthorizationService authorizations, CredentialMetrics metrics) {
		Assert.notNull(introspection, "introspection cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		this.introspection = introspection;
		this.authorizations = authorizations;
		this.metrics = metrics;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2TokenIntrospectionAuthenticationToken request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		Authentication answer = answer(request, client);
		this.metrics.introspected(client.getRegisteredClient().getClientId(),
				answer instanceof OAuth2TokenIntrospectionAuthenticationToken introspected
						&& introspected.getTokenClaims().isActive());
		return answer;
	}

	private Authentication answer(OAuth2TokenIntrospectionAuthenticationToken request,
			OAuth2ClientAuthenticationToken client) {
		OAuth2Authorization authorization = this.authorizations.findByToken(request.getToken(), null);
		if (authorization == null) {
			return inactive(request, client);
		}
		OAuth2Authorization.Token<OAuth2Token> token = authorization.getToken(request.getToken());
		if (token == null || !isEntitled(client.getRegisteredClient(), authorization, token.getToken())) {
			if (logger.isDebugEnabled()) {
				logger.debug("Answered inactive: client '" + client.getRegisteredClient().getClientId()
						+ "' may not introspect this token");
			}
			return inactive(request, client);
		}
		Authentication answer = this.introspection.authenticate(request);
		if (answer instanceof OAuth2TokenIntrospectionAuthenticationToken introspected && introspected.isAuthenticated()) {
			return new OAuth2TokenIntrospectionAuthenticationToken(introspected.getToken(), client,
					withIntrospectionFieldsOnly(introspected.getTokenClaims()));
		}
		return answer;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenIntrospectionAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static boolean isEntitled(RegisteredClient caller, OAuth2Authorization authorization, OAuth2Token token) {
		boolean own = caller.getId().equals(authorization.getRegisteredClientId());
		return switch (token) {
			case OAuth2AccessToken accessToken -> own || mayIntrospectAnyAccessToken(caller);
			case OAuth2RefreshToken refreshToken -> own;
			default -> false;
		};
	}

	private static boolean mayIntrospectAnyAccessToken(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(INTROSPECT_ANY_ACCESS_TOKEN));
	}

	private static OAuth2TokenIntrospectionAuthenticationToken inactive(OAuth2TokenIntrospectionAuthenticationToken request,
			OAuth2ClientAuthenticationToken client) {
		return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(), client,
				OAuth2TokenIntrospection.builder().build());
	}

	private static OAuth2TokenIntrospection withIntrospectionFieldsOnly(OAuth2TokenIntrospection answer) {
		Map<String, Object> fields = answer.getClaims()
			.entrySet()
			.stream()
			.filter((claim) -> INTROSPECTION_FIELDS.contains(claim.getKey()))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		return OAuth2TokenIntrospection.withClaims(fields).build();
	}

}
