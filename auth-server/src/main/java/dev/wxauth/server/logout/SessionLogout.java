package dev.wxauth.server.logout;

import dev.wxauth.server.authorization.GrantingSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * Signing a browser out: the authorizations granted in its session are revoked (their refresh tokens stop working,
 * their access tokens stop introspecting as active), the clients that know the session learn that it ended
 * ({@link BackChannelLogouts}), then the session ends. Other browsers of the same person, and logins without a
 * browser (mini-programs, apps), keep theirs. Two ways in: the client sends the person to {@code /connect/logout}
 * with an ID token, or the person confirms on {@code /logout}.
 */
public final class SessionLogout {

	/** Where a person confirms signing out, and learns they are signed out. */
	public static final String PAGE = "/logout";

	private final GrantingSessions sessions;

	private final PostLogoutRedirects redirects;

	private final BackChannelLogouts backChannel;

	private final TransactionOperations transactions;

	private final SecurityContextLogoutHandler signOut = new SecurityContextLogoutHandler();

	SessionLogout(GrantingSessions sessions, PostLogoutRedirects redirects, BackChannelLogouts backChannel,
			TransactionOperations transactions) {
		Assert.notNull(sessions, "sessions cannot be null");
		Assert.notNull(redirects, "redirects cannot be null");
		Assert.notNull(backChannel, "backChannel cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		this.sessions = sessions;
		this.redirects = redirects;
		this.backChannel = backChannel;
		this.transactions = transactions;
	}

	/**
	 * What ending the person's browser session {@code sid} means beyond the session itself, wherever it ends (this
	 * class's two ways in, and any later one: signing out everywhere, an administrator ending a session): the
	 * authorizations granted in it are revoked, and a logout token is owed to each client that got an ID token in
	 * it and registered a back-channel logout URI, in one transaction. The tokens leave afterwards, on another
	 * thread: the caller never waits for a client.
	 */
	public void sessionEnded(String principalName, String sid) {
		Assert.hasText(principalName, "principalName cannot be empty");
		Assert.hasText(sid, "sid cannot be empty");
		this.transactions.executeWithoutResult((transaction) -> {
			this.backChannel.record(principalName, sid);
			this.sessions.revoke(principalName, sid);
		});
		this.backChannel.deliverSoon();
	}

	/** {@code POST /logout} (with the CSRF token of the confirmation page) on the pages' filter chain. */
	public void configure(HttpSecurity http) throws Exception {
		http.logout((logout) -> logout.logoutUrl(PAGE)
			.addLogoutHandler(this::sessionEnding)
			.logoutSuccessHandler((request, response, authentication) -> response.sendRedirect(afterLogout(
					request.getParameter("client_id"), request.getParameter("post_logout_redirect_uri"),
					request.getParameter("state")))));
	}

	/** What the logout endpoint does once the framework has accepted the request. */
	AuthenticationSuccessHandler endpointLogout() {
		return (request, response, authentication) -> {
			OidcLogoutAuthenticationToken logout = (OidcLogoutAuthenticationToken) authentication;
			if (logout.isPrincipalAuthenticated()) {
				Authentication person = (Authentication) logout.getPrincipal();
				sessionEnding(request, response, person);
				this.signOut.logout(request, response, person);
			}
			response.sendRedirect(afterLogout(logout.getClientId() != null ? logout.getClientId()
					: logout.getIdToken().getAudience().getFirst(), logout.getPostLogoutRedirectUri(),
					logout.getState()));
		};
	}

	private String afterLogout(@Nullable String clientId, @Nullable String redirectUri, @Nullable String state) {
		String target = this.redirects.target(clientId, redirectUri, state);
		return (target != null) ? target : PAGE;
	}

	private void sessionEnding(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication person) {
		HttpSession session = request.getSession(false);
		if (person != null && session != null) {
			sessionEnded(person.getName(), GrantingSessions.sid(session.getId()));
		}
	}

}
