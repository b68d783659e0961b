package dev.wxauth.server.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/** Counts the connections taken from a pool, and the transactions begun on them (auto-commit turned off). */
public final class ConnectionCountingDataSource extends DelegatingDataSource {

	public final AtomicInteger connectionsTaken = new AtomicInteger();

	public final AtomicInteger transactionsBegun = new AtomicInteger();

	public ConnectionCountingDataSource(DataSource pool) {
		super(pool);
	}

	public void reset() {
		this.connectionsTaken.set(0);
		this.transactionsBegun.set(0);
	}

	@Override
	public Connection getConnection() throws SQLException {
		this.connectionsTaken.incrementAndGet();
		Connection connection = super.getConnection();
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (method.getName().equals("setAutoCommit") && Boolean.FALSE.equals(args[0])) {
						this.transactionsBegun.incrementAndGet();
					}
					try {
						return method.invoke(connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
