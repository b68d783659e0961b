package dev.wxauth.server.testing;

import java.net.URI;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verifies our JWTs the way a relying party does: signature against the published JWKS, then the issuer.
 */
public final class Jwts {

	private Jwts() {
	}

	public static JWTClaimsSet verified(String issuer, String jwt) {
		try {
			SignedJWT signed = SignedJWT.parse(jwt);
			JWKSet jwks = JWKSet.load(URI.create(issuer + "/oauth2/jwks").toURL());
			assertThat(signed.verify(new RSASSAVerifier(jwks.getKeyByKeyId(signed.getHeader().getKeyID()).toRSAKey())))
				.as("signature verifies against the JWKS")
				.isTrue();
			JWTClaimsSet claims = signed.getJWTClaimsSet();
			assertThat(claims.getIssuer()).isEqualTo(issuer);
			return claims;
		}
		catch (Exception ex) {
			throw new AssertionError("Not a valid JWT from " + issuer, ex);
		}
	}

}
