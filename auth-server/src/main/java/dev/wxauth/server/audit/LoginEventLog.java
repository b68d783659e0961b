package dev.wxauth.server.audit;

/**
 * The login event log in PostgreSQL (to be built: the table, buffered appends, the purge and the reads).
 */
public final class LoginEventLog {

	public void append(LoginEvent event) {
	}

}
