package dev.wxauth.server.session;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.config.annotation.web.http.JdbcHttpSessionConfiguration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring Session over JDBC, as Spring Boot configures it, with {@link SavedSessionReuse},
 * {@link CoarseLastAccessTime} and {@link TransactionlessSessionReads}.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

	@Bean
	static BeanPostProcessor sessionRepositoryDecorators(ObjectProvider<PlatformTransactionManager> transactionManager) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				// Given to Spring Session's configuration, not declared as a bean: a second TransactionOperations
				// bean would make Spring Boot withdraw the TransactionTemplate the rest of the server uses.
				if (bean instanceof JdbcHttpSessionConfiguration configuration) {
					configuration
						.setTransactionOperations(TransactionlessSessionReads.transactions(transactionManager.getObject()));
				}
				return bean;
			}

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof JdbcIndexedSessionRepository repository) ? SavedSessionReuse
					.repository(CoarseLastAccessTime.repository(TransactionlessSessionReads.repository(repository)))
						: bean;
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
