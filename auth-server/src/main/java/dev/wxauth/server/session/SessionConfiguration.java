package dev.wxauth.server.session;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Spring Session over JDBC, as Spring Boot configures it, with {@link SavedSessionReuse} and
 * {@link CoarseLastAccessTime}.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	@Bean
	static BeanPostProcessor sessionRepositoryDecorators() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof JdbcIndexedSessionRepository repository)
						? SavedSessionReuse.repository(CoarseLastAccessTime.repository(repository)) : bean;
			}

		};
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
