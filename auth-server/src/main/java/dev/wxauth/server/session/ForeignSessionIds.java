package dev.wxauth.server.session;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * A session id the store never issues finds no session, without a query. Spring Session reads the id from the
 * session cookie, base64-decoded, so a forged or mangled cookie can hand the store any bytes: a NUL byte made
 * PostgreSQL refuse the query with an error, a 500 on any page. The store's ids are random UUIDs.
 */
final class ForeignSessionIds<S extends Session> extends ForwardingSessionRepository<S> {

	private static final Pattern ISSUED = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private ForeignSessionIds(FindByIndexNameSessionRepository<S> delegate) {
		super(delegate);
	}

	static <S extends Session> FindByIndexNameSessionRepository<S> repository(
			FindByIndexNameSessionRepository<S> delegate) {
		return new ForeignSessionIds<>(delegate);
	}

	@Override
	public @Nullable S findById(String id) {
		return ISSUED.matcher(id).matches() ? this.delegate.findById(id) : null;
	}

}
