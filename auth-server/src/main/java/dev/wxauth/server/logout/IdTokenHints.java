package dev.wxauth.server.logout;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Reads an {@code id_token_hint}: a JWT this server signed with one of its published keys, for this issuer. Expired
 * tokens are read too: RP-Initiated Logout 1.0 §2 asks the OP to accept ID tokens past their {@code exp}.
 */
final class IdTokenHints {

	private final NimbusJwtDecoder decoder;

	IdTokenHints(JWKSource<SecurityContext> jwkSource, String issuer) {
		this.decoder = NimbusJwtDecoder.withJwkSource(jwkSource).build();
		this.decoder.setJwtValidator(new JwtIssuerValidator(issuer));
	}

	/** The hint's verified claims, or {@code null} when it is not a token of ours. */
	@Nullable Jwt read(@Nullable String hint) {
		if (hint == null || hint.isBlank()) {
			return null;
		}
		try {
			return this.decoder.decode(hint);
		}
		catch (JwtException ex) {
			return null;
		}
	}

}
