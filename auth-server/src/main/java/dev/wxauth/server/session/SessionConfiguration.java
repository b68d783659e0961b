package dev.wxauth.server.session;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring Session over JDBC, as Spring Boot configures it, tuned by {@link SessionStoreTuning}, and the registry of
 * OpenID Connect sessions read from it.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	@Bean
	static BeanPostProcessor sessionStoreTuning(ObjectProvider<PlatformTransactionManager> transactionManager) {
		return new SessionStoreTuning(transactionManager);
	}

	/**
	 * The sessions the authorization server knows a person by (the ID token's {@code sid}, logout's check of it),
	 * read from the session store itself. Without this bean the authorization server keeps its own registry in
	 * memory, one entry per login, never forgotten: Spring Session publishes no event when a session ends. That
	 * registry also knows only the logins of its own instance.
	 */
	@Bean
	SessionRegistry oidcSessionRegistry(FindByIndexNameSessionRepository<? extends Session> sessions) {
		return new SpringSessionBackedSessionRegistry<>(sessions);
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
