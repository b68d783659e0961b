package dev.wxauth.server.authorization;

import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.wxauth.server.crypto.Sha256;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.Assert;

/**
 * The browser session each authorization was granted in, named by its {@code sid} (OpenID Connect Front- and
 * Back-Channel Logout: an opaque id of the session at the OP, here the SHA-256 of the session id, as the framework
 * computes it). The authorization endpoint records it in the stored authorization request when it grants a code;
 * the ID tokens of that authorization carry it; the authorization's row is found by it
 * ({@code oauth2_authorization.sid}); logging out of the session revokes every authorization granted in it and no
 * other (not another browser's, nor a mini-program's or an app's, which have no browser session).
 */
public final class GrantingSessions {

	/**
	 * The stored authorization request's parameter that holds the {@code sid}. Set by the server only: a client that
	 * sends it has it replaced.
	 */
	static final String SID_PARAMETER = "wxauth_sid";

	private static final String REVOKE_SQL = "DELETE FROM oauth2_authorization WHERE sid = ? AND principal_name = ?";

	private static final String ID_TOKEN_CLIENTS_SQL = """
			SELECT DISTINCT registered_client_id FROM oauth2_authorization
			WHERE sid = ? AND principal_name = ? AND oidc_id_token_value IS NOT NULL""";

	private static final String LATEST_ID_TOKEN_SQL = """
			SELECT a.id FROM oauth2_authorization a JOIN oauth2_registered_client c ON c.id = a.registered_client_id
			WHERE a.sid = ? AND a.principal_name = ? AND c.client_id = ANY (?) AND a.oidc_id_token_value IS NOT NULL
			ORDER BY a.oidc_id_token_issued_at DESC LIMIT 1""";

	/** RFC 9126 §2.2's recommended form, which the framework's request URIs take. */
	private static final String PUSHED_REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

	private static final OAuth2TokenType PUSHED_REQUEST_STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private final JdbcOperations jdbc;

	private final OAuth2AuthorizationService authorizations;

	GrantingSessions(JdbcOperations jdbc, OAuth2AuthorizationService authorizations) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		this.jdbc = jdbc;
		this.authorizations = authorizations;
	}

	/** The {@code sid} of a browser session. */
	public static String sid(String sessionId) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(sessionId));
	}

	/** The {@code sid} of the browser session {@code authorization} was granted in, if it was granted to one. */
	public static @Nullable String sid(@Nullable OAuth2Authorization authorization) {
		OAuth2AuthorizationRequest request = (authorization != null)
				? authorization.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		return (request != null && request.getAdditionalParameters().get(SID_PARAMETER) instanceof String sid) ? sid
				: null;
	}

	/**
	 * Revokes every authorization the person was granted in the browser session {@code sid}: its codes, access and
	 * refresh tokens stop working at once.
	 * @return how many authorizations were revoked
	 */
	public int revoke(String principalName, String sid) {
		return this.jdbc.update(REVOKE_SQL, sid, principalName);
	}

	/**
	 * The registered clients (their {@code id}s) that got an ID token of the person's browser session {@code sid}:
	 * the relying parties that know the session, and should learn that it ended.
	 */
	public List<String> clientsWithIdTokens(String principalName, String sid) {
		return this.jdbc.queryForList(ID_TOKEN_CLIENTS_SQL, String.class, sid, principalName);
	}

	/**
	 * The current ID token of the latest authorization one of {@code clientIds} was granted in the session
	 * {@code sid}: what a refresh made of an ID token the client still holds.
	 */
	public @Nullable String currentIdToken(String sid, String principalName, Collection<String> clientIds) {
		List<String> ids = this.jdbc.queryForList(LATEST_ID_TOKEN_SQL, String.class, sid, principalName,
				clientIds.toArray(String[]::new));
		OAuth2Authorization authorization = ids.isEmpty() ? null : this.authorizations.findById(ids.getFirst());
		OAuth2Authorization.Token<OidcIdToken> idToken = (authorization != null)
				? authorization.getToken(OidcIdToken.class) : null;
		return (idToken != null) ? idToken.getToken().getTokenValue() : null;
	}

	/**
	 * Records the browser's session in each authorization request the authorization endpoint reads; for a pushed
	 * one (RFC 9126), in the request pushed earlier, which the framework reads instead of this one.
	 */
	AuthenticationConverter recording(AuthenticationConverter converter) {
		return (request) -> {
			Authentication authentication = converter.convert(request);
			if (!(authentication instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest)) {
				return authentication;
			}
			if (authorizationRequest.getAdditionalParameters()
				.get(OAuth2ParameterNames.REQUEST_URI) instanceof String requestUri) {
				recordInPushedRequest(requestUri, request.getSession(false));
				return authentication;
			}
			return withSid(authorizationRequest, request);
		};
	}

	private void recordInPushedRequest(String requestUri, @Nullable HttpSession session) {
		if (session == null || !requestUri.startsWith(PUSHED_REQUEST_URI_PREFIX)) {
			return;
		}
		// the framework finds the pushed request by what follows the prefix (its request_uri is prefix + state)
		OAuth2Authorization pushed = this.authorizations
			.findByToken(requestUri.substring(PUSHED_REQUEST_URI_PREFIX.length()), PUSHED_REQUEST_STATE);
		OAuth2AuthorizationRequest pushedRequest = (pushed != null)
				? pushed.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		String sid = sid(session.getId());
		if (pushedRequest == null || sid.equals(pushedRequest.getAdditionalParameters().get(SID_PARAMETER))) {
			return;
		}
		OAuth2AuthorizationRequest withSid = OAuth2AuthorizationRequest.from(pushedRequest)
			.additionalParameters((parameters) -> parameters.put(SID_PARAMETER, sid))
			.build();
		this.authorizations.save(OAuth2Authorization.from(pushed)
			.attribute(OAuth2AuthorizationRequest.class.getName(), withSid)
			.build());
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationToken withSid(
			OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest, HttpServletRequest request) {
		Map<String, Object> parameters = new HashMap<>(authorizationRequest.getAdditionalParameters());
		parameters.remove(SID_PARAMETER);
		HttpSession session = request.getSession(false);
		if (session != null) {
			parameters.put(SID_PARAMETER, sid(session.getId()));
		}
		return new OAuth2AuthorizationCodeRequestAuthenticationToken(authorizationRequest.getAuthorizationUri(),
				authorizationRequest.getClientId(), (Authentication) authorizationRequest.getPrincipal(),
				authorizationRequest.getRedirectUri(), authorizationRequest.getState(), authorizationRequest.getScopes(),
				parameters);
	}

}
