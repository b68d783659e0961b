package dev.wxauth.server.admin;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** The admin API's protection; its resources declare their own beans. */
@Configuration(proxyBeanMethods = false)
class AdminApiConfiguration {

	@Bean
	AdminApiSecurity adminApiSecurity(JwtDecoder jwtDecoder, OAuth2AuthorizationService authorizations,
			RegisteredClientRepository clients, JsonMapper json) {
		return new AdminApiSecurity(jwtDecoder, authorizations, clients, json);
	}

}
