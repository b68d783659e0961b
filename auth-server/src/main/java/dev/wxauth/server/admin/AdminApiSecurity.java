package dev.wxauth.server.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.wxauth.server.oauth2.OAuth2ErrorResponses;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;

/**
 * Who may use the admin API: a client with an access token of ours that it got for itself (the
 * {@code client_credentials} grant: its {@code sub} is its {@code client_id}), still live in our store (a revoked
 * token is refused at once, not when it expires). {@value #SCOPE_ADMIN} may read and change,
 * {@value #SCOPE_READ} may only read. Refusals are problem JSON with RFC 6750's {@code WWW-Authenticate}: 401 without
 * a usable token, 403 without the scope. The OpenAPI document is public: it holds nothing but the API's shape.
 */
public final class AdminApiSecurity {

	/** Where the admin API lives. */
	public static final String PATH = "/admin/v1";

	public static final String SCOPE_ADMIN = "wxauth.admin";

	public static final String SCOPE_READ = "wxauth.admin.read";

	private static final String SCOPE_AUTHORITY = "SCOPE_";

	/** The role {@code management.endpoint.health.roles} names: who sees the health details. */
	public static final String MANAGEMENT_ROLE = "WXAUTH_MANAGEMENT";

	private final JwtDecoder accessTokens;

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	private final JsonMapper json;

	private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();

	AdminApiSecurity(JwtDecoder accessTokens, OAuth2AuthorizationService authorizations,
			RegisteredClientRepository clients, JsonMapper json) {
		this.accessTokens = accessTokens;
		this.authorizations = authorizations;
		this.clients = clients;
		this.json = json;
	}

	/** The admin API's own filter chain: no session, no CSRF (no cookies), a bearer token on every request. */
	public void configure(HttpSecurity http) throws Exception {
		BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
		BearerTokenAccessDeniedHandler insufficientScope = new BearerTokenAccessDeniedHandler();
		// @formatter:off
		http
			.securityMatcher(PATH + "/**")
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(HttpMethod.GET, PATH + "/openapi.json").permitAll()
				.requestMatchers(HttpMethod.GET, PATH + "/**").hasAnyAuthority(SCOPE_AUTHORITY + SCOPE_ADMIN, SCOPE_AUTHORITY + SCOPE_READ)
				.anyRequest().hasAuthority(SCOPE_AUTHORITY + SCOPE_ADMIN))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(this::decode).jwtAuthenticationConverter(this::authentication))
				.authenticationEntryPoint((request, response, ex) -> {
					challenge.commence(request, response, ex);
					OAuth2ErrorResponses.writeProblem(response, HttpStatus.UNAUTHORIZED,
							"The admin API needs a live access token of this server: get one with the client_credentials"
									+ " grant and the scope " + SCOPE_ADMIN + " or " + SCOPE_READ, null, this.json);
				})
				.accessDeniedHandler((request, response, ex) -> {
					insufficientScope.handle(request, response, ex);
					OAuth2ErrorResponses.writeProblem(response, HttpStatus.FORBIDDEN,
							HttpMethod.GET.matches(request.getMethod())
									? "Reading needs the scope " + SCOPE_READ + " or " + SCOPE_ADMIN
									: "Changing needs the scope " + SCOPE_ADMIN, null, this.json);
				}));
		// @formatter:on
	}

	/**
	 * The management endpoints ({@code /actuator/**}, served on the management port only): open to anyone there, as
	 * a load balancer or a scraper calls them; a token that opens the admin API (either scope) also shows the health
	 * details (database, keys, WeChat apps), as the role {@value #MANAGEMENT_ROLE}. A token that is not one is
	 * refused (401), never ignored.
	 */
	public void configureManagement(HttpSecurity http) throws Exception {
		// @formatter:off
		http
			.securityMatcher("/actuator/**")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(this::decode).jwtAuthenticationConverter(this::managementAuthentication)));
		// @formatter:on
	}

	private AbstractAuthenticationToken managementAuthentication(Jwt jwt) {
		AbstractAuthenticationToken admin = authentication(jwt);
		List<GrantedAuthority> authorities = new ArrayList<>(admin.getAuthorities());
		if (authorities.stream()
			.anyMatch((authority) -> authority.getAuthority().equals(SCOPE_AUTHORITY + SCOPE_ADMIN)
					|| authority.getAuthority().equals(SCOPE_AUTHORITY + SCOPE_READ))) {
			authorities.add(new SimpleGrantedAuthority("ROLE_" + MANAGEMENT_ROLE));
		}
		return new JwtAuthenticationToken(jwt, authorities, admin.getName());
	}

	private Jwt decode(String token) {
		Jwt jwt = this.accessTokens.decode(token);
		if (jwt.hasClaim("cnf")) {
			// bound to a key whose proof a Bearer request does not carry (RFC 9449 §7.1)
			throw new BadJwtException("A DPoP-bound access token; the admin API takes Bearer tokens only");
		}
		OAuth2Authorization authorization = this.authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
		OAuth2Authorization.Token<OAuth2AccessToken> stored = (authorization != null) ? authorization.getAccessToken()
				: null;
		if (stored == null || !stored.isActive()) {
			throw new BadJwtException("The access token is revoked");
		}
		return jwt;
	}

	/**
	 * The token's admin scopes count only when a client got it for itself, never on a person's behalf, and only those
	 * its registration still has: a client disabled or deprived of a scope since loses it at once.
	 */
	private AbstractAuthenticationToken authentication(Jwt jwt) {
		String clientId = jwt.getClaimAsString("client_id");
		boolean clientsOwn = clientId != null && clientId.equals(jwt.getSubject());
		RegisteredClient client = clientsOwn ? this.clients.findByClientId(clientId) : null;
		Collection<GrantedAuthority> authorities = (client == null) ? List.of()
				: this.scopes.convert(jwt)
					.stream()
					.filter((authority) -> authority.getAuthority().startsWith(SCOPE_AUTHORITY) && client.getScopes()
						.contains(authority.getAuthority().substring(SCOPE_AUTHORITY.length())))
					.toList();
		return new JwtAuthenticationToken(jwt, authorities, (clientId != null) ? clientId : jwt.getSubject());
	}

}
