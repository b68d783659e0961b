package dev.wxauth.server.session;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * Spares the database the second read of a session that Spring Session makes after saving it
 * (spring-projects/spring-session#1731, open). A request whose response is committed early, as every redirect is,
 * commits its session twice: when the response is committed and when the request ends. The first commit forgets
 * which session the request came with, so the second loads it again from the database only to compare its id:
 * a transaction and a query on every redirect of a signed-in browser.
 * <p>
 * The {@link #repository(FindByIndexNameSessionRepository) repository} remembers the session the current request
 * saved and answers a lookup of that same id with it; the {@link #filter() filter}, placed before Spring Session's,
 * bounds that memory to the request's thread and the request's duration. Without the filter (outside an HTTP request)
 * every lookup goes to the database.
 */
public final class SavedSessionReuse {

	private static final ThreadLocal<SavedInThisRequest> current = new ThreadLocal<>();

	private SavedSessionReuse() {
	}

	/** Decorates the session repository. */
	public static <S extends Session> FindByIndexNameSessionRepository<S> repository(
			FindByIndexNameSessionRepository<S> delegate) {
		return new RememberingRepository<>(delegate);
	}

	/** The filter that opens and closes the request's memory; it must run outside Spring Session's filter. */
	public static Filter filter() {
		return new RequestScope();
	}

	private static final class SavedInThisRequest {

		@Nullable Session session;

	}

	private static final class RequestScope implements Filter {

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			if (current.get() != null) {
				// a forward or include inside the same request: the outer call owns the memory
				chain.doFilter(request, response);
				return;
			}
			current.set(new SavedInThisRequest());
			try {
				chain.doFilter(request, response);
			}
			finally {
				current.remove();
			}
		}

	}

	private static final class RememberingRepository<S extends Session> extends ForwardingSessionRepository<S> {

		RememberingRepository(FindByIndexNameSessionRepository<S> delegate) {
			super(delegate);
		}

		@Override
		public void save(S session) {
			this.delegate.save(session);
			SavedInThisRequest saved = current.get();
			if (saved != null) {
				saved.session = session;
			}
		}

		@Override
		@SuppressWarnings("unchecked")
		public @Nullable S findById(String id) {
			SavedInThisRequest saved = current.get();
			if (saved != null && saved.session != null && saved.session.getId().equals(id)) {
				return (S) saved.session;
			}
			return this.delegate.findById(id);
		}

		@Override
		public void deleteById(String id) {
			SavedInThisRequest saved = current.get();
			if (saved != null) {
				saved.session = null;
			}
			this.delegate.deleteById(id);
		}

	}

}
