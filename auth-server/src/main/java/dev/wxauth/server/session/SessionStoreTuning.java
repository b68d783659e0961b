package dev.wxauth.server.session;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.config.annotation.web.http.JdbcHttpSessionConfiguration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring Session's JDBC store as Spring Boot configures it, with three changes on the path of every request of a
 * signed-in browser, each in a class of its own:
 * <ol>
 * <li>{@link SavedSessionReuse}: the session a request saved answers the request's own second lookup, which Spring
 * Session makes after every early commit (a redirect), a bug of its own (spring-projects/spring-session#1731).</li>
 * <li>{@link CoarseLastAccessTime}: the last-access time is stored to the minute, so that reading a session does
 * not write its row every time.</li>
 * <li>{@link TransactionlessSessionReads}: reading a session is one query, without {@code BEGIN} and
 * {@code COMMIT} around it; writes keep their transactions.</li>
 * </ol>
 * And one on the path of any request with a session cookie: {@link ForeignSessionIds}, an id the store never issues
 * is not looked up. {@link CountedSessionCreation} counts the sessions created.
 * <p>
 * Spring Session offers no hook to wrap its repository or to give reads and writes different transactions, hence a
 * bean post-processor: it hands the store its transactions before the store is built, and decorates the store once
 * it is.
 */
final class SessionStoreTuning implements BeanPostProcessor {

	private final ObjectProvider<PlatformTransactionManager> transactionManager;

	private final ObjectProvider<MeterRegistry> meterRegistry;

	SessionStoreTuning(ObjectProvider<PlatformTransactionManager> transactionManager,
			ObjectProvider<MeterRegistry> meterRegistry) {
		this.transactionManager = transactionManager;
		this.meterRegistry = meterRegistry;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		// Given to Spring Session's configuration, not declared as a bean: a second TransactionOperations bean would
		// make Spring Boot withdraw the TransactionTemplate the rest of the server uses.
		if (bean instanceof JdbcHttpSessionConfiguration configuration) {
			configuration
				.setTransactionOperations(TransactionlessSessionReads.transactions(this.transactionManager.getObject()));
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		return (bean instanceof JdbcIndexedSessionRepository repository)
				? CountedSessionCreation.repository(ForeignSessionIds.repository(SavedSessionReuse
					.repository(CoarseLastAccessTime.repository(TransactionlessSessionReads.repository(repository)))),
						this.meterRegistry::getObject)
				: bean;
	}

}
