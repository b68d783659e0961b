package dev.wxauth.server.keys;

import java.time.Clock;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.util.Assert;

/**
 * The JWK source behind our JWKS endpoint and our JWT encoder: every published key, with the private part only
 * on the one that signs now. The JWKS endpoint serializes public parts only.
 */
public final class DatabaseJwkSource implements JWKSource<SecurityContext> {

	private final SigningKeys signingKeys;

	private final Clock clock;

	public DatabaseJwkSource(SigningKeys signingKeys, Clock clock) {
		Assert.notNull(signingKeys, "signingKeys cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.signingKeys = signingKeys;
		this.clock = clock;
	}

	@Override
	public List<JWK> get(JWKSelector jwkSelector, SecurityContext context) {
		return jwkSelector.select(new JWKSet(this.signingKeys.current().jwksAt(this.clock.instant())));
	}

}
