package dev.wxauth.server.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * CSRF tokens kept in the browser's server session when it has one, and never a reason to create one. Spring
 * Security makes and saves a token for every request its CSRF filter checks: a refused POST from a browser without a
 * session wrote a session row to PostgreSQL for a token nobody would ever see. The one form that needs a token (the
 * logout confirmation) is shown to people who are signed in, whose session exists.
 */
public final class SessionOnlyCsrfTokens implements CsrfTokenRepository {

	private final HttpSessionCsrfTokenRepository delegate = new HttpSessionCsrfTokenRepository();

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return this.delegate.generateToken(request);
	}

	@Override
	public void saveToken(@Nullable CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		if (token != null && request.getSession(false) == null) {
			return;
		}
		this.delegate.saveToken(token, request, response);
	}

	@Override
	public @Nullable CsrfToken loadToken(HttpServletRequest request) {
		return this.delegate.loadToken(request);
	}

}
