package dev.wxauth.server.token;

import java.time.Instant;
import java.util.Date;

import dev.wxauth.server.federation.UserClaims;
import dev.wxauth.server.grant.WeChatGrantTypes;

import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.util.Assert;

/**
 * The claims we add to the framework's JWTs. Access tokens get the {@code client_id} claim that RFC 9068 §2.2
 * requires; ID tokens get the person's claims for the granted scopes ({@link UserClaims}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-2.2">RFC 9068 §2.2</a>
 */
final class TokenClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final UserClaims userClaims;

	TokenClaimsCustomizer(UserClaims userClaims) {
		Assert.notNull(userClaims, "userClaims cannot be null");
		this.userClaims = userClaims;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			context.getClaims().claim("client_id", context.getRegisteredClient().getClientId());
		}
		else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			context.getClaims()
				.claims((claims) -> claims.putAll(this.userClaims.claims(context.getPrincipal(), context.getAuthorizedScopes())));
			if (WeChatGrantTypes.ALL.contains(context.getAuthorizationGrantType())) {
				// the person signed in with WeChat just now; the framework sets auth_time only for browser logins
				context.getClaims().claim(IdTokenClaimNames.AUTH_TIME, Date.from(Instant.now()));
			}
		}
	}

}
