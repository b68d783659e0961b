package dev.wxauth.sample.resource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every {@code /api/**} request needs a valid bearer token from our issuer (RFC 6750); {@code /api/profile} also
 * needs scope {@code profile}. The JWT decoder comes from Spring Boot: issuer discovery, then the JWKS, cached,
 * refetched when a token names an unknown {@code kid}; it checks signature, {@code iss}, {@code exp} and
 * {@code nbf}, and {@code aud} when {@code spring.security.oauth2.resourceserver.jwt.audiences} is set.
 */
@Configuration(proxyBeanMethods = false)
class ResourceServerSecurity {

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
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		// @formatter:on
		return http.build();
	}

}
