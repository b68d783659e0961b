package dev.wxauth.sample.resource;

import java.time.Clock;
import java.util.Collections;
import java.util.List;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Every {@code /api/**} request needs a valid access token from our issuer (RFC 6750); {@code /api/profile} also
 * needs scope {@code profile}. The JWT decoder finds the JWKS through the issuer's discovery document at the first
 * request, caches it and refetches it when a token names an unknown {@code kid}; it accepts a JWT access token of
 * RFC 9068 §4 only: signature, {@code typ} {@code at+jwt} ({@link AccessTokenType}), {@code iss}, {@code exp} and
 * {@code nbf}, an {@code aud} that names this API, and {@code sub}, {@code client_id}, {@code iat} and {@code jti}
 * present. A token that passed is remembered until it expires ({@link VerifiedJwtCache}).
 * <p>
 * DPoP (RFC 9449 §7) is the framework's, which the resource server configurer adds by itself: {@code Authorization:
 * DPoP} with one {@code DPoP} proof whose {@code ath}, {@code htm}, {@code htu} and key match the token, the
 * request and the token's {@code cnf.jkt}. A token bound to a key ({@code cnf.jkt}) presented as Bearer is refused
 * after it is decoded, so neither {@link HeaderBearerTokenResolver} nor the cache can let one through.
 */
@Configuration(proxyBeanMethods = false)
class ResourceServerSecurity {

	/**
	 * The issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}) and this API's identifiers
	 * ({@code ...jwt.audiences}, required: a token must name one of them in its {@code aud}).
	 */
	@Bean
	JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties) {
		String issuer = properties.getJwt().getIssuerUri();
		List<String> audiences = properties.getJwt().getAudiences().stream().filter(StringUtils::hasText).toList();
		Assert.hasText(issuer, "spring.security.oauth2.resourceserver.jwt.issuer-uri must name the issuer");
		Assert.notEmpty(audiences, "spring.security.oauth2.resourceserver.jwt.audiences must name this API: "
				+ "access tokens carry it in their aud (RFC 9068 §4)");
		OAuth2TokenValidator<Jwt> accessTokens = accessTokenValidator(issuer, audiences);
		// discovery at the first request, not at start-up: the API starts whether or not the issuer is up
		JwtDecoder decoder = new SupplierJwtDecoder(() -> {
			NimbusJwtDecoder nimbus = NimbusJwtDecoder.withIssuerLocation(issuer).build();
			nimbus.setJwtValidator(accessTokens);
			return nimbus;
		});
		return new VerifiedJwtCache(decoder, 10_000, Clock.systemUTC());
	}

	static OAuth2TokenValidator<Jwt> accessTokenValidator(String issuer, List<String> audiences) {
		// the framework's RFC 9068 validator, with a typ check that ignores case and an audience of several names
		return JwtValidators.createAtJwtValidator().issuer(issuer).validators((validators) -> {
			validators.put(JoseHeaderNames.TYP, new AccessTokenType());
			validators.put(JwtClaimNames.AUD, new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && !Collections.disjoint(aud, audiences)));
			validators.put("client_id", new JwtClaimValidator<String>("client_id", StringUtils::hasText));
		}).build();
	}

	/** The default firewall, with the same header-value rule checked without a regular expression. */
	@Bean
	WebSecurityCustomizer firewallWithFastHeaderValueCheck() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(new FastHeaderValueCheck());
		return (web) -> web.httpFirewall(firewall);
	}

	@Bean
	SecurityFilterChain apiFilterChain(HttpSecurity http) throws Exception {
		// @formatter:off
		http
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/api/profile").hasAuthority("SCOPE_profile")
				.requestMatchers("/api/**").authenticated()
				.anyRequest().permitAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.bearerTokenResolver(new HeaderBearerTokenResolver())
				.jwt(Customizer.withDefaults()));
		// @formatter:on
		return http.build();
	}

}
