package dev.wxauth.sample.resource;

import java.time.Clock;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Every {@code /api/**} request needs a valid bearer token from our issuer (RFC 6750); {@code /api/profile} also
 * needs scope {@code profile}. The JWT decoder comes from Spring Boot: issuer discovery, then the JWKS, cached,
 * refetched when a token names an unknown {@code kid}; it checks signature, {@code iss}, {@code exp} and
 * {@code nbf}, and {@code aud} when {@code spring.security.oauth2.resourceserver.jwt.audiences} is set. A token that
 * passed is remembered until it expires ({@link VerifiedJwtCache}).
 */
@Configuration(proxyBeanMethods = false)
class ResourceServerSecurity {

	/** Wraps the decoder Spring Boot builds from the issuer, so that its checks stay exactly Boot's. */
	@Bean
	static BeanPostProcessor verifiedJwtCache() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof JwtDecoder decoder) ? new VerifiedJwtCache(decoder, 10_000, Clock.systemUTC())
						: bean;
			}

		};
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
