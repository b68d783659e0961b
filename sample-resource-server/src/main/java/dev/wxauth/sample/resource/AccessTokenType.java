package dev.wxauth.sample.resource;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A JWT is an access token only when its {@code typ} header says so (RFC 9068 §4): {@code at+jwt}, or in full
 * {@code application/at+jwt}, compared without regard to case as media types are (RFC 7515 §4.1.9). An ID token is
 * signed by the same issuer with the same keys and passes every other check; its type is what tells it apart.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-4">RFC 9068 §4</a>
 */
final class AccessTokenType implements OAuth2TokenValidator<Jwt> {

	private static final OAuth2Error NOT_AN_ACCESS_TOKEN = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"Not an access token: the typ header must be at+jwt", "https://www.rfc-editor.org/rfc/rfc9068#section-4");

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		return isAccessToken(jwt.getHeaders().get(JoseHeaderNames.TYP)) ? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(NOT_AN_ACCESS_TOKEN);
	}

	static boolean isAccessToken(Object type) {
		return type instanceof String typ && (typ.equalsIgnoreCase("at+jwt") || typ.equalsIgnoreCase("application/at+jwt"));
	}

}
