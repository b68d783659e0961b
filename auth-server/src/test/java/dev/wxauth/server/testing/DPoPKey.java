package dev.wxauth.server.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * A client's DPoP key pair (RFC 9449), as a native app keeps one: it signs the {@code DPoP} proof JWTs of token
 * requests and API calls.
 */
public final class DPoPKey {

	private final ECKey key;

	public DPoPKey() {
		try {
			this.key = new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The RFC 7638 thumbprint of the public key: what a bound token's {@code cnf.jkt} says. */
	public String thumbprint() {
		try {
			return this.key.toPublicJWK().computeThumbprint().toString();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A proof for a token request. */
	public String proof(String method, String uri) {
		return proof(method, uri, null, Instant.now());
	}

	/** A proof for an API call with {@code accessToken}: its {@code ath} is the token's hash. */
	public String proof(String method, String uri, String accessToken) {
		return proof(method, uri, accessToken, Instant.now());
	}

	public String proof(String method, String uri, String accessToken, Instant issuedAt) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.claim("htm", method)
			.claim("htu", uri)
			.issueTime(Date.from(issuedAt));
		if (accessToken != null) {
			claims.claim("ath", hash(accessToken));
		}
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(this.key.toPublicJWK())
			.build();
		try {
			SignedJWT jwt = new SignedJWT(header, claims.build());
			jwt.sign(new ECDSASigner(this.key));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hash(String accessToken) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
			return Base64URL.encode(digest).toString();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
