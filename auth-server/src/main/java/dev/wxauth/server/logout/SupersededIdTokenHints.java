package dev.wxauth.server.logout;

import dev.wxauth.server.authorization.GrantingSessions;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.util.Assert;

/**
 * Lets the framework's logout endpoint accept an ID token a refresh has since replaced. The framework finds the
 * authorization by the hint and knows only the authorization's latest ID token, so after a refresh it refuses the ID
 * token the client got at login, the one most clients keep for logout. RP-Initiated Logout 1.0 §2 asks the OP to
 * accept any ID token it issued to the client for the session. Here a hint the framework does not know, but that this
 * server signed, is exchanged for the latest ID token of the same client, person and session ({@code sid}), and the
 * framework then checks that one as usual (client, person, the browser's session).
 */
final class SupersededIdTokenHints implements AuthenticationProvider {

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType("id_token");

	private final AuthenticationProvider logout;

	private final IdTokenHints hints;

	private final OAuth2AuthorizationService authorizations;

	private final GrantingSessions sessions;

	SupersededIdTokenHints(AuthenticationProvider logout, IdTokenHints hints, OAuth2AuthorizationService authorizations,
			GrantingSessions sessions) {
		Assert.notNull(logout, "logout cannot be null");
		this.logout = logout;
		this.hints = hints;
		this.authorizations = authorizations;
		this.sessions = sessions;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OidcLogoutAuthenticationToken request = (OidcLogoutAuthenticationToken) authentication;
		String latest = latestOf(request.getIdTokenHint());
		if (latest == null) {
			return this.logout.authenticate(request);
		}
		return this.logout.authenticate(new OidcLogoutAuthenticationToken(latest,
				(Authentication) request.getPrincipal(), request.getSessionId(), request.getClientId(),
				request.getPostLogoutRedirectUri(), request.getState()));
	}

	/** The latest ID token of the hint's authorization, when the hint is a superseded one; otherwise {@code null}. */
	private @Nullable String latestOf(String hint) {
		if (this.authorizations.findByToken(hint, ID_TOKEN) != null) {
			return null;
		}
		Jwt idToken = this.hints.read(hint);
		String sid = (idToken != null) ? idToken.getClaimAsString("sid") : null;
		if (sid == null || idToken.getSubject() == null || idToken.getAudience() == null) {
			return null;
		}
		return this.sessions.currentIdToken(sid, idToken.getSubject(), idToken.getAudience());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OidcLogoutAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
