package dev.wxauth.sample.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Standard OIDC login (authorization code; the ID token is checked against the issuer's JWKS), RP-initiated logout at
 * wxauth's end-session endpoint, and back-channel logout: when the person's session at wxauth ends, wxauth POSTs a
 * logout token to {@code /logout/connect/back-channel/wxauth}, and the session here that signed in through that
 * wxauth session ({@code sid}) ends too.
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
			.oidcLogout((oidc) -> oidc.backChannel(Customizer.withDefaults()))
			.logout((signOut) -> signOut.logoutSuccessHandler(logout));
		// @formatter:on
		return http.build();
	}

}
