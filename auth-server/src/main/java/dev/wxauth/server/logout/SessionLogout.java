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

/**
 * Signing a browser out: the authorizations granted in its session are revoked (their refresh tokens stop working,
 * their access tokens stop introspecting as active), then the session ends. Other browsers of the same person, and
 * logins without a browser (mini-programs, apps), keep theirs. Two ways in: the client sends the person to
 * {@code /connect/logout} with an ID token, or the person confirms on {@code /logout}.
 */
public final class SessionLogout {

	/** Where a person confirms signing out, and learns they are signed out. */
	public static final String PAGE = "/logout";

	private final GrantingSessions sessions;

	private final PostLogoutRedirects redirects;

	private final SecurityContextLogoutHandler signOut = new SecurityContextLogoutHandler();

	SessionLogout(GrantingSessions sessions, PostLogoutRedirects redirects) {
		this.sessions = sessions;
		this.redirects = redirects;
	}

	/** {@code POST /logout} (with the CSRF token of the confirmation page) on the pages' filter chain. */
	public void configure(HttpSecurity http) throws Exception {
		http.logout((logout) -> logout.logoutUrl(PAGE)
			.addLogoutHandler(this::revokeSessionAuthorizations)
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
				revokeSessionAuthorizations(request, response, person);
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

	private void revokeSessionAuthorizations(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication person) {
		HttpSession session = request.getSession(false);
		if (person != null && session != null) {
			this.sessions.revoke(person.getName(), GrantingSessions.sid(session.getId()));
		}
	}

}
