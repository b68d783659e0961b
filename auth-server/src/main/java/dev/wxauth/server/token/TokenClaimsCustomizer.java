package dev.wxauth.server.token;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;

import dev.wxauth.server.authorization.GrantingSessions;
import dev.wxauth.server.client.AccessTokenAudience;
import dev.wxauth.server.federation.UserClaims;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.oauth2.AuthenticationTime;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.util.Assert;

/**
 * What we add to the framework's JWTs. Access tokens become JWT access tokens of RFC 9068: typed {@code at+jwt}
 * (§2.1), so that no resource server can take an ID token for one, with the {@code client_id} claim §2.2 requires,
 * and for audience the resource servers the client is registered for ({@link AccessTokenAudience}; the framework's
 * {@code iss}, {@code exp}, {@code sub}, {@code iat} and {@code jti} stay). ID tokens keep the framework's untyped
 * header and get the person's claims for the granted scopes ({@link UserClaims}) and the {@code sid} of the browser
 * session the authorization was granted in ({@link GrantingSessions}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-2">RFC 9068 §2</a>
 */
final class TokenClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final String ACCESS_TOKEN_TYPE = "at+jwt";

	private final UserClaims userClaims;

	TokenClaimsCustomizer(UserClaims userClaims) {
		Assert.notNull(userClaims, "userClaims cannot be null");
		this.userClaims = userClaims;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			context.getJwsHeader().type(ACCESS_TOKEN_TYPE);
			context.getClaims().claim("client_id", context.getRegisteredClient().getClientId());
			List<String> audience = AccessTokenAudience.of(context.getRegisteredClient());
			if (!audience.isEmpty()) {
				// otherwise the framework's: the client id, which names no resource server
				context.getClaims().audience(audience);
			}
			Jwt dPoPProof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
			if (dPoPProof != null) {
				// a HashMap: the authorization's stored claims are read back only as the JDK's common maps
				Map<String, Object> confirmation = new HashMap<>();
				confirmation.put("jkt", thumbprint(dPoPProof));
				context.getClaims().claim("cnf", confirmation);
			}
		}
		else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			context.getClaims()
				.claims((claims) -> claims.putAll(this.userClaims.claims(context.getPrincipal(), context.getAuthorizedScopes())));
			if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
				browserSession(context);
			}
			if (WeChatGrantTypes.ALL.contains(context.getAuthorizationGrantType())) {
				// the person signed in with WeChat just now; the framework sets auth_time only for browser logins
				context.getClaims().claim(IdTokenClaimNames.AUTH_TIME, Date.from(Instant.now()));
			}
		}
	}

	/**
	 * The RFC 7638 thumbprint of a verified DPoP proof's key, which binds the access token to it (RFC 9449 §6.1). The
	 * framework adds this {@code cnf} claim only to the generator it builds itself, not to ours.
	 */
	private static String thumbprint(Jwt dPoPProof) {
		try {
			if (dPoPProof.getHeaders().get("jwk") instanceof Map<?, ?> jwk) {
				return JWK.parse(castJwk(jwk)).computeThumbprint().toString();
			}
			throw new IllegalArgumentException("no jwk header");
		}
		catch (Exception ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF,
					"The DPoP proof's jwk header is missing or invalid", null), ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castJwk(Map<?, ?> jwk) {
		return (Map<String, Object>) jwk;
	}

	/**
	 * The browser session of a code's ID token: its {@code sid}, and when the person signed in. The framework sets
	 * both only from its session registry, which names no session at the code exchange (see the session package).
	 */
	private static void browserSession(JwtEncodingContext context) {
		String sid = GrantingSessions.sid(context.getAuthorization());
		if (sid == null) {
			return;
		}
		context.getClaims().claim("sid", sid);
		AuthenticationTime.of(context.getPrincipal())
			.ifPresent((signedInAt) -> context.getClaims().claim(IdTokenClaimNames.AUTH_TIME, Date.from(signedInAt)));
	}

}
