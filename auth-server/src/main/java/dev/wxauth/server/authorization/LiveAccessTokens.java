package dev.wxauth.server.authorization;

import java.util.List;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.util.Assert;

/**
 * How our own bearer-token APIs read an access token (RFC 6750 §3.1, {@code invalid_token} for a revoked one): its
 * signature and type, and its authorization still stored with the token active. A token of a person since deleted
 * or signed out everywhere, or of a client whose grants they revoked, is refused at once rather than when it
 * expires, as introspection and userinfo refuse it. A resource server elsewhere, checking signatures only, accepts
 * it until it expires: that is what access tokens' short lifetimes are for.
 */
public final class LiveAccessTokens {

	private final JwtDecoder jwts;

	private final OAuth2AuthorizationService authorizations;

	LiveAccessTokens(JwtDecoder jwts, OAuth2AuthorizationService authorizations) {
		Assert.notNull(jwts, "jwts cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		this.jwts = jwts;
		this.authorizations = authorizations;
	}

	/**
	 * A {@link JwtDecoder}'s work, for {@code oauth2ResourceServer().jwt().decoder(...)}.
	 * @throws BadJwtException for a token that is no longer live, which the resource server answers with
	 * {@code invalid_token}
	 */
	public Jwt decode(String token) throws JwtException {
		return live(this.jwts.decode(token));
	}

	private Jwt live(Jwt jwt) {
		String token = jwt.getTokenValue();
		OAuth2Authorization authorization = this.authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
		OAuth2Authorization.Token<OAuth2AccessToken> stored = (authorization != null) ? authorization.getAccessToken()
				: null;
		if (stored == null || !stored.isActive()) {
			throw new BadJwtException("The access token is revoked");
		}
		return jwt;
	}

	/**
	 * {@link #decode(String)} for one of our APIs, which accepts a token only when it is for that API (RFC 9068 §4,
	 * RFC 8707): its {@code aud} names the API's resource identifier, or the client itself, the audience of the
	 * tokens of a client registered for no resource server. A token issued for another resource is refused as not
	 * ours to take, before its authorization is looked up.
	 * @param resource the API's resource identifier
	 */
	public JwtDecoder forResource(String resource) {
		Assert.hasText(resource, "resource cannot be empty");
		return (token) -> {
			Jwt jwt = this.jwts.decode(token);
			List<String> audience = jwt.getAudience();
			String clientId = jwt.getClaimAsString("client_id");
			if (audience == null || !(audience.contains(resource) || (clientId != null && audience.contains(clientId)))) {
				throw new BadJwtException("The access token is for another resource");
			}
			return live(jwt);
		};
	}

}
