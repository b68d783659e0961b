package dev.wxauth.server.database;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While PostgreSQL is away (stopped, restarting, unreachable, out of connections), a request that needed it is
 * answered {@code 503} with {@code Retry-After}, not {@code 500}: the container then shows the error as the request's
 * kind expects it ({@code temporarily_unavailable} at the token endpoint, problem JSON at our APIs, our page for a
 * browser), and clients and load balancers know to try again rather than give up. Any other failure goes on as it
 * was. The pool reconnects by itself once the database is back; nothing here keeps state about the outage but when
 * it last warned.
 */
public final class DatabaseOutages extends OncePerRequestFilter {

	/** How long a client should wait: about the pool's wait for a connection, and PostgreSQL's usual restart. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private static final String OUTAGE = DatabaseOutages.class.getName() + ".outage";

	private static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(DatabaseOutages.class);

	private final Clock clock;

	private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);

	DatabaseOutages(Clock clock) {
		this.clock = clock;
	}

	/** The error page of an outage must not need the database either: see {@link #doFilterInternal}. */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() == DispatcherType.ERROR) {
			// the error page is shown without the request's cookies: its session would be looked up in the database
			chain.doFilter((request.getAttribute(OUTAGE) != null) ? new WithoutCookies(request) : request, response);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!isOutage(ex) || response.isCommitted()) {
				throw ex;
			}
			warn(ex);
			request.setAttribute(OUTAGE, Boolean.TRUE);
			response.resetBuffer();
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
		}
	}

	/** Whether {@code failure} is the database being away, rather than anything a request did. */
	static boolean isOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessResourceException
					|| cause instanceof RecoverableDataAccessException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException
					|| cause instanceof SQLRecoverableException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && isUnavailable(sql.getSQLState())) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * Connection exceptions (class 08), the server shutting down or starting ({@code 57P01}-{@code 57P03}), too many
	 * connections ({@code 53300}).
	 */
	private static boolean isUnavailable(String sqlState) {
		return sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
				|| sqlState.equals("57P03") || sqlState.equals("53300");
	}

	private static final class WithoutCookies extends HttpServletRequestWrapper {

		WithoutCookies(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Cookie[] getCookies() {
			return new Cookie[0];
		}

		@Override
		public @Nullable String getHeader(String name) {
			return "cookie".equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return "cookie".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

	}

	private void warn(Throwable failure) {
		Instant now = this.clock.instant();
		Instant last = this.lastWarning.get();
		if (now.isAfter(last.plus(WARNING_INTERVAL)) && this.lastWarning.compareAndSet(last, now)) {
			logger.warn("PostgreSQL is unavailable: answering 503 with Retry-After until it is back (" + failure
					+ "); this warning at most every " + WARNING_INTERVAL.toSeconds() + " s");
		}
	}

}
