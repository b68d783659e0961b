package dev.wxauth.server.logging;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * {@link CredentialRedaction} in Logback's context once Spring Boot has configured logging, before the server takes
 * requests; {@link CorrelationIds} around every request.
 */
@Configuration(proxyBeanMethods = false)
class LoggingConfiguration {

	@Bean
	static SmartInitializingSingleton credentialRedaction() {
		return CredentialRedaction::install;
	}

	@Bean
	FilterRegistrationBean<CorrelationIds> correlationIds() {
		FilterRegistrationBean<CorrelationIds> registration = new FilterRegistrationBean<>(new CorrelationIds());
		// first (only Spring Boot's character encoding filter, which neither logs nor answers, shares the order), so
		// that whatever the others log or answer (admission control, config.SecurityConfiguration's endpointMethods,
		// security's refusals) carries the id; on the error page's dispatch too, which comes after they returned
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

}
