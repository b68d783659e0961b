package dev.wxauth.server.session;

import dev.wxauth.server.testing.AuthServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.session.jdbc.config.annotation.web.http.JdbcHttpSessionConfiguration;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running server's session store gets {@link TransactionlessSessionReads}' transactions, while every other
 * component keeps Spring Boot's {@link TransactionTemplate}. Spring Session keeps the transactions it was given in a
 * field of its configuration, with no getter.
 */
@AuthServerTest
class SessionConfigurationTests {

	@Autowired
	JdbcHttpSessionConfiguration sessionConfiguration;

	@Autowired
	TransactionOperations transactions;

	@Test
	void sessionStoreThenTransactionlessReadsAndTheRestThenBootsTemplate() {
		Object sessionTransactions = ReflectionTestUtils.getField(this.sessionConfiguration, "transactionOperations");

		assertThat(sessionTransactions).isNotNull().isNotInstanceOf(TransactionTemplate.class);
		assertThat(sessionTransactions.getClass().getEnclosingClass()).isEqualTo(TransactionlessSessionReads.class);
		assertThat(this.transactions).isInstanceOf(TransactionTemplate.class);
	}

}
