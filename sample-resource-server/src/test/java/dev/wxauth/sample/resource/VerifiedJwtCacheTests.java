package dev.wxauth.sample.resource;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.wxauth.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The verified-token cache in front of a real Nimbus decoder, with a clock the test moves.
 */
class VerifiedJwtCacheTests {

	static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	final MutableClock clock = new MutableClock(NOW);

	final KeyPair keys = rsa();

	final CountingDecoder decoder = new CountingDecoder(this.keys, this.clock);

	final VerifiedJwtCache cache = new VerifiedJwtCache(this.decoder, 100, this.clock);

	@Test
	void decodeWhenSameTokenAgainThenVerifiedOnce() {
		String token = token("user-1", NOW.plusSeconds(300));

		Jwt first = this.cache.decode(token);
		Jwt second = this.cache.decode(token);

		assertThat(second.getSubject()).isEqualTo("user-1");
		assertThat(second).isSameAs(first);
		assertThat(this.decoder.decodes).hasValue(1);
	}

	@Test
	void decodeWhenRememberedTokenExpiredThenFullCheckDecidesWithItsClockSkew() {
		String token = token("user-1", NOW.plusSeconds(300));
		this.cache.decode(token);

		this.clock.advance(Duration.ofSeconds(300));
		this.cache.decode(token);
		assertThat(this.decoder.decodes).hasValue(2);

		this.clock.advance(Duration.ofSeconds(61));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.cache.decode(token));
	}

	@Test
	void decodeWhenTamperedThenRefusedEvenAfterTheGenuineTokenWasRemembered() {
		String token = token("user-1", NOW.plusSeconds(300));
		this.cache.decode(token);
		String[] parts = token.split("\\.");
		String tampered = parts[0] + "." + token("user-2", NOW.plusSeconds(300)).split("\\.")[1] + "." + parts[2];

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.cache.decode(tampered));
	}

	@Test
	void decodeWhenFailedThenNotRemembered() {
		String expired = token("user-1", NOW.minusSeconds(120));

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.cache.decode(expired));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.cache.decode(expired));
		assertThat(this.decoder.decodes).hasValue(2);
	}

	@Test
	void decodeWhenFullThenStartsOver() {
		VerifiedJwtCache small = new VerifiedJwtCache(this.decoder, 2, this.clock);
		String a = token("a", NOW.plusSeconds(300));
		String b = token("b", NOW.plusSeconds(300));
		String c = token("c", NOW.plusSeconds(300));

		small.decode(a);
		small.decode(b);
		small.decode(c);
		small.decode(a);

		assertThat(this.decoder.decodes).hasValue(4);
	}

	String token(String subject, Instant expiresAt) {
		RSAKey jwk = new RSAKey.Builder((RSAPublicKey) this.keys.getPublic()).privateKey((RSAPrivateKey) this.keys.getPrivate())
			.keyID("k1")
			.build();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject(subject)
			.issuedAt(expiresAt.minusSeconds(300))
			.expiresAt(expiresAt)
			.build();
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)))
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId("k1").build(), claims))
			.getTokenValue();
	}

	static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A real signature-and-expiry-checking decoder on the test's clock, counting full checks. */
	static final class CountingDecoder implements JwtDecoder {

		final NimbusJwtDecoder nimbus;

		final AtomicInteger decodes = new AtomicInteger();

		CountingDecoder(KeyPair keys, MutableClock clock) {
			this.nimbus = NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
			JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(60));
			timestamps.setClock(clock);
			this.nimbus.setJwtValidator(timestamps);
		}

		@Override
		public Jwt decode(String token) {
			this.decodes.incrementAndGet();
			return this.nimbus.decode(token);
		}

	}

}
