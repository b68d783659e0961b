package dev.wxauth.server.keys;

import java.time.Clock;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.wxauth.server.properties.WxauthProperties;
import dev.wxauth.server.crypto.AtRestEncryptor;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Wires the database-backed signing keys into the authorization server: the JWK source (JWKS endpoint), the
 * encoder (signs with the active key only) and the decoder; makes sure a key exists before the first request,
 * and checks for a due rotation on every refresh.
 */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

	@Bean
	SigningKeys signingKeys(JdbcOperations jdbc, AtRestEncryptor encryptor, TransactionOperations transactions,
			WxauthProperties properties) {
		SigningKeys signingKeys = new SigningKeys(new SigningKeyRepository(jdbc, encryptor), transactions,
				properties.keys());
		signingKeys.rotateIfDue();
		return signingKeys;
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys signingKeys) {
		return new DatabaseJwkSource(signingKeys, Clock.systemUTC());
	}

	@Bean
	SigningMetrics signingMetrics(MeterRegistry registry, SigningKeys signingKeys) {
		return new SigningMetrics(registry, signingKeys, Clock.systemUTC());
	}

	@Bean
	JwtEncoder jwtEncoder(JWKSource<SecurityContext> jwkSource, SigningMetrics metrics) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(jwkSource);
		// Older and pre-published keys come without their private part: the one private key is the signing key.
		encoder.setJwkSelector((jwks) -> jwks.stream().filter(JWK::isPrivate).findFirst().orElseThrow());
		return metrics.counting(encoder);
	}

	/**
	 * The decoder of our own bearer-token endpoints (userinfo, {@code /wechat/**}): our access tokens only, typed
	 * {@code at+jwt} (RFC 9068 §4), never an ID token; the framework's default accepts {@code JWT} or no type.
	 */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtTypeValidator("at+jwt")));
		return decoder;
	}

	/** Health contributor {@code signingKeys}, in the readiness group. */
	@Bean
	SigningKeysHealth signingKeysHealthIndicator(SigningKeys signingKeys) {
		return new SigningKeysHealth(signingKeys, Clock.systemUTC());
	}

	@Bean
	SigningKeyRefresh signingKeyRefresh(SigningKeys signingKeys) {
		return new SigningKeyRefresh(signingKeys);
	}

	static final class SigningKeyRefresh {

		private final SigningKeys signingKeys;

		SigningKeyRefresh(SigningKeys signingKeys) {
			this.signingKeys = signingKeys;
		}

		@Scheduled(fixedDelayString = "${wxauth.keys.cache-refresh:1m}", initialDelayString = "${wxauth.keys.cache-refresh:1m}")
		void refresh() {
			this.signingKeys.rotateIfDue();
		}

	}

}
