package dev.wxauth.sample.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Standard OIDC login (authorization code; the ID token is checked against the issuer's JWKS) and RP-initiated
 * logout at wxauth's end-session endpoint.
 */
@Configuration(proxyBeanMethods = false)
class WebClientSecurity {

	@Bean
	SecurityFilterChain webFilterChain(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
		OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		logout.setPostLogoutRedirectUri("{baseUrl}/");
		// @formatter:off
		http
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/error", "/favicon.ico").permitAll()
				.anyRequest().authenticated())
			.oauth2Login(Customizer.withDefaults())
			.logout((signOut) -> signOut.logoutSuccessHandler(logout));
		// @formatter:on
		return http.build();
	}

}
