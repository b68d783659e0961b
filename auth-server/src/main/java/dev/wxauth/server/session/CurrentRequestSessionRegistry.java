package dev.wxauth.server.session;

import java.util.Date;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The OpenID Connect session registry, answered from the request in hand: the browser session of the current request,
 * when the person signed in on it is the one asked about, and nothing else.
 * <p>
 * The authorization server asks its registry three things: at the authorization endpoint, whether it knows the
 * browser's session; at the code exchange, the person's most recent session, for the ID token's {@code sid}; at the
 * logout endpoint, whether the browser's session is the one the ID token names. Only the first and the last concern a
 * session, and it is the one of the request they come with. The second, answered from a list of every session of the
 * person, names whichever browser the person used last, not the one that was granted the code; here it finds no
 * session (a client's back-channel request has none), and the ID token's {@code sid} comes from the authorization
 * instead (the authorization package records it when the code is granted).
 * <p>
 * The framework's own registry keeps one entry per login in memory, forgotten only on a session-destroyed event,
 * which Spring Session's JDBC store never publishes, and knows only its own instance's logins. This one keeps
 * nothing.
 */
final class CurrentRequestSessionRegistry implements SessionRegistry {

	@Override
	public List<Object> getAllPrincipals() {
		return List.of();
	}

	@Override
	public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
		HttpSession session = currentSession();
		Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
		if (session == null || signedIn == null || !signedIn.getName().equals(name(principal))) {
			return List.of();
		}
		return List.of(new SessionInformation(principal, session.getId(), new Date()));
	}

	@Override
	public @Nullable SessionInformation getSessionInformation(String sessionId) {
		HttpSession session = currentSession();
		Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
		if (session == null || signedIn == null || !session.getId().equals(sessionId)) {
			return null;
		}
		return new SessionInformation(signedIn.getPrincipal(), sessionId, new Date());
	}

	@Override
	public void refreshLastRequest(String sessionId) {
		// the session store keeps the last access time
	}

	@Override
	public void registerNewSession(String sessionId, Object principal) {
		// the session store holds every session already
	}

	@Override
	public void removeSessionInformation(String sessionId) {
		// nothing kept
	}

	private static @Nullable HttpSession currentSession() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return request.getSession(false);
		}
		return null;
	}

	/** The name a principal goes by, as an {@link Authentication} names it. */
	private static String name(Object principal) {
		return new TestingAuthenticationToken(principal, null).getName();
	}

}
