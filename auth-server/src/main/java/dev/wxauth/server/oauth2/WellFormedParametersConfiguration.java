package dev.wxauth.server.oauth2;

import jakarta.servlet.Filter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * {@link WellFormedParameters} on every request, first: after the request's character encoding is set (it decodes
 * the parameters) and before a session is loaded, Spring Security or any endpoint reads them.
 */
@Configuration(proxyBeanMethods = false)
class WellFormedParametersConfiguration {

	@Bean
	FilterRegistrationBean<Filter> wellFormedParametersFilter(AuthorizationServerSettings settings) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new WellFormedParameters(settings));
		// Spring Boot's character encoding filter is the highest precedence; Spring Session's comes 50 later
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
