package dev.wxauth.server.session;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring Session over JDBC, as Spring Boot configures it, tuned by {@link SessionStoreTuning}, and the registry of
 * OpenID Connect sessions the authorization server asks about them.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	@Bean
	static BeanPostProcessor sessionStoreTuning(ObjectProvider<PlatformTransactionManager> transactionManager,
			ObjectProvider<MeterRegistry> meterRegistry) {
		return new SessionStoreTuning(transactionManager, meterRegistry);
	}

	/** See {@link SessionOnlyCsrfTokens}. */
	@Bean
	CsrfTokenRepository csrfTokenRepository() {
		return new SessionOnlyCsrfTokens();
	}

	/** See {@link CurrentRequestSessionRegistry}: without this bean the framework keeps its own, in memory. */
	@Bean
	SessionRegistry oidcSessionRegistry() {
		return new CurrentRequestSessionRegistry();
	}

	@Bean
	FilterRegistrationBean<Filter> savedSessionReuseFilter() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(SavedSessionReuse.filter());
		// just outside Spring Session's filter, on the same dispatches (Spring Boot's defaults)
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

}
