package dev.wxauth.server.account;


import dev.wxauth.server.authorization.LiveAccessTokens;
import dev.wxauth.server.oauth2.BearerTokenRefusals;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.BearerTokenError;

/**
 * Who may use the account API: a person's app with a live access token of ours for the account API, carrying the
 * scope {@value #SCOPE} (RFC 6750). A token is for the account API when its {@code aud} names the API's resource
 * identifier ({@link #resource(String)}) or the client itself, the audience of the tokens of a client registered for
 * no resource server (RFC 9068 §4). No token: 401 with {@code WWW-Authenticate: Bearer}; a token that is not ours,
 * expired, for another resource, or revoked (its person deleted or signed out everywhere): 401 {@code invalid_token};
 * without the scope: 403 {@code insufficient_scope} naming it. Each refusal also as RFC 9457 problem JSON carrying
 * the OAuth error code as {@code error}, as our other APIs answer ({@link BearerTokenRefusals}).
 */
public final class AccountApiSecurity {

	/** Where the account API lives. */
	public static final String PATH = "/account/v1";

	/** The scope an access token needs for the account API. */
	public static final String SCOPE = "account";

	private final LiveAccessTokens accessTokens;

	private final JsonMapper json;

	private final String resource;

	AccountApiSecurity(LiveAccessTokens accessTokens, JsonMapper json, String issuer) {
		this.accessTokens = accessTokens;
		this.json = json;
		this.resource = resource(issuer);
	}

	/**
	 * The account API's resource identifier (RFC 8707), {@code {issuer}}{@value #PATH}: what a client's registration
	 * names among its {@code access_token_audience} when its tokens are for resource servers and for the account API.
	 */
	public static String resource(String issuer) {
		return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + PATH;
	}

	/** The account API's own filter chain: no session, no CSRF (no cookies), a bearer token on every request. */
	public void configure(HttpSecurity http) throws Exception {
		// @formatter:off
		http
			.securityMatcher(PATH + "/**")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().hasAuthority("SCOPE_" + SCOPE))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(this.accessTokens.forResource(this.resource)))
				.authenticationEntryPoint(BearerTokenRefusals.entryPoint(
						"The account API needs an access token of this server with the scope " + SCOPE, this.json))
				.accessDeniedHandler(BearerTokenRefusals.accessDenied(insufficientScope(), this.json)));
		// @formatter:on
	}

	/** RFC 6750 §3.1's refusal of a token that lacks the scope. */
	static BearerTokenError insufficientScope() {
		return new BearerTokenError(OAuth2ErrorCodes.INSUFFICIENT_SCOPE, HttpStatus.FORBIDDEN,
				"The account API needs an access token with the scope " + SCOPE, null, SCOPE);
	}

}
