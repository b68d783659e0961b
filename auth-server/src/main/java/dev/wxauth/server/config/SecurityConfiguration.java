package dev.wxauth.server.config;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wxauth.server.account.AccountApiSecurity;
import dev.wxauth.server.admin.AdminApiSecurity;
import dev.wxauth.server.admin.registration.ClientRegistrationEndpoint;
import dev.wxauth.server.authorization.LiveAccessTokens;
import dev.wxauth.server.authorize.LoginFreshness;
import dev.wxauth.server.logout.SessionLogout;
import dev.wxauth.server.oauth2.AuthorizationServerContribution;
import dev.wxauth.server.oauth2.BearerTokenRefusals;
import dev.wxauth.server.oauth2.EndpointMethods;
import dev.wxauth.server.oauth2.ServerMetadataContribution;
import dev.wxauth.server.web.AccountPages;
import dev.wxauth.server.web.BrowserRequests;
import dev.wxauth.server.web.ConsentForms;
import dev.wxauth.server.web.PagePolicies;
import dev.wxauth.server.web.PublishedAvatars;
import dev.wxauth.server.wechat.events.WeChatEventsSecurity;
import dev.wxauth.server.wechat.web.WeChatWebLogin;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The security filter chains, composed from what the features contribute; everything else is declared by the
 * feature it belongs to.
 * <ol>
 * <li>The protocol endpoints (OAuth 2.1 + OpenID Connect 1.0: authorize, token, introspect, revoke, JWKS,
 * discovery, userinfo, end-session), each feature's {@code AuthorizationServerContribution} applied
 * in turn (single-use credentials, who may introspect which token, token contents, the WeChat code grants, the
 * authorization endpoint's rules), and each {@code ServerMetadataContribution} added to both metadata documents. A
 * signed-out browser at the authorize endpoint goes to WeChat's login, unless the request asks for no login; a
 * client without credentials gets {@code invalid_client}; the consent page's answers carry a CSRF token.</li>
 * <li>Dynamic client registration ({@code /connect/register}): its own opaque bearer tokens, which it checks
 * itself.</li>
 * <li>The admin API ({@code /admin/v1/**}): admin clients' own bearer tokens, by scope.</li>
 * <li>The person's account API ({@code /account/v1/**}): their apps' bearer tokens, live and with the scope
 * {@code account}.</li>
 * <li>WeChat's pushes about our people ({@code /wechat/events/**}): authenticated by WeChat's signature, which the
 * receiver checks; no token, no session, no CSRF.</li>
 * <li>Our bearer-token APIs for apps ({@code /wechat/**}, RFC 6750): no session, no CSRF (no cookies to ride
 * on), a token refused once its authorization is revoked, each refusal problem JSON as well as a challenge; their
 * metadata (RFC 9728).</li>
 * <li>The people's avatars ({@code /avatars/**}): public, no session, headers that keep them images.</li>
 * <li>Everything else: the WeChat browser login, the person's logout, and our pages.</li>
 * </ol>
 * The framework's configurers take one {@code authenticationProviders(...)} and one
 * {@code accessTokenRequestConverters(...)} consumer per endpoint, the last one set winning: a feature adds its own
 * providers and converters one by one, and only one feature may hold each consumer.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String PROTECTED_RESOURCE_METADATA = "/.well-known/oauth-protected-resource";

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http,
			List<AuthorizationServerContribution> features, List<ServerMetadataContribution> metadata,
			WeChatWebLogin weChatLogin, LoginFreshness loginFreshness, ConsentForms consentForms,
			AuthorizationServerSettings settings) throws Exception {
		loginFreshness.configure(http, weChatLogin.entryPoint());
		consentForms.configure(http);
		// @formatter:off
		http
			.oauth2AuthorizationServer((authorizationServer) -> {
				http.securityMatcher(authorizationServer.getEndpointsMatcher());
				features.forEach((feature) -> feature.contribute(authorizationServer));
				authorizationServer
					.authorizationServerMetadataEndpoint((endpoint) -> endpoint.authorizationServerMetadataCustomizer(
							(document) -> document.claims((claims) -> metadata.forEach((feature) -> feature.contribute(claims)))))
					.oidc((oidc) -> oidc.providerConfigurationEndpoint((endpoint) -> endpoint.providerConfigurationCustomizer(
							(document) -> document.claims((claims) -> metadata.forEach((feature) -> feature.contribute(claims))))));
			})
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			// no page of ours is rendered here (the consent page is served by the pages' chain, an error page is
			// dispatched to /error): what matters is that nothing answered here is framed
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("frame-ancestors 'none'; base-uri 'none'; object-src 'none'"))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new ClientAuthenticationEntryPoint(), clientEndpoints(settings))
				.defaultAuthenticationEntryPointFor(weChatLogin.entryPoint(), BrowserRequests.matcher()));
		// @formatter:on
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain clientRegistrationFilterChain(HttpSecurity http, ClientRegistrationEndpoint registration)
			throws Exception {
		registration.configure(http);
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain adminApiFilterChain(HttpSecurity http, AdminApiSecurity admin) throws Exception {
		admin.configure(http);
		return http.build();
	}

	/**
	 * No observation of each security filter of each request, which Spring Security adds as soon as an observation
	 * registry exists (Actuator's): measured, it cost more than the token endpoint can spare.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** Also applied on the management port, where it is the one chain that matches. */
	@Bean
	@Order(0)
	SecurityFilterChain managementFilterChain(HttpSecurity http, AdminApiSecurity admin) throws Exception {
		admin.configureManagement(http);
		return http.build();
	}

	@Bean
	@Order(4)
	SecurityFilterChain accountApiFilterChain(HttpSecurity http, AccountApiSecurity account) throws Exception {
		account.configure(http);
		return http.build();
	}

	@Bean
	@Order(5)
	SecurityFilterChain weChatEventsFilterChain(HttpSecurity http, WeChatEventsSecurity events) throws Exception {
		events.configure(http);
		return http.build();
	}

	@Bean
	@Order(6)
	SecurityFilterChain appApiFilterChain(HttpSecurity http, AuthorizationServerSettings settings,
			LiveAccessTokens accessTokens, JsonMapper json) throws Exception {
		// @formatter:off
		http
			.securityMatcher("/wechat/**", PROTECTED_RESOURCE_METADATA, PROTECTED_RESOURCE_METADATA + "/**")
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers(PROTECTED_RESOURCE_METADATA, PROTECTED_RESOURCE_METADATA + "/**").permitAll()
				.anyRequest().authenticated())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(accessTokens::decode))
				.authenticationEntryPoint(BearerTokenRefusals.entryPoint("Our APIs for apps need an access token of"
						+ " this server", json))
				.accessDeniedHandler(BearerTokenRefusals.accessDenied(new BearerTokenError(
						OAuth2ErrorCodes.INSUFFICIENT_SCOPE, HttpStatus.FORBIDDEN,
						"The access token may not use this API", null), json))
				.protectedResourceMetadata((metadata) -> metadata.protectedResourceMetadataCustomizer(
						(document) -> document.claims((claims) -> protectedResource(claims, settings.getIssuer())))));
		// @formatter:on
		return http.build();
	}

	@Bean
	@Order(7)
	SecurityFilterChain avatarFilterChain(HttpSecurity http) throws Exception {
		PublishedAvatars.configure(http);
		return http.build();
	}

	@Bean
	@Order(8)
	SecurityFilterChain defaultFilterChain(HttpSecurity http, WeChatWebLogin weChatLogin,
			AuthenticationFailureHandler upstreamLoginFailures, SessionLogout logout, PagePolicies pagePolicies,
			CsrfTokenRepository csrfTokens)
			throws Exception {
		weChatLogin.configure(http, "/login", upstreamLoginFailures);
		logout.configure(http);
		// @formatter:off
		http
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens))
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/login", SessionLogout.PAGE, AccountPages.DELETED, "/error", "/favicon.ico").permitAll()
				.anyRequest().authenticated())
			.headers((headers) -> headers
				.addHeaderWriter(pagePolicies)
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), BrowserRequests.matcher())
				.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), AnyRequestMatcher.INSTANCE));
		// @formatter:on
		return http.build();
	}

	/**
	 * {@code 405} for a method a protocol endpoint does not take, before any filter chain: each chain matches its
	 * endpoints by method, so another method used to fall through to the pages' chain.
	 */
	@Bean
	FilterRegistrationBean<EndpointMethods> endpointMethods(AuthorizationServerSettings settings) {
		Set<String> get = Set.of("GET");
		Set<String> post = Set.of("POST");
		Set<String> getOrPost = Set.of("GET", "POST");
		Map<String, Set<String>> methods = new HashMap<>(Map.of(settings.getAuthorizationEndpoint(), getOrPost,
				settings.getTokenEndpoint(), post, settings.getTokenIntrospectionEndpoint(), post,
				settings.getTokenRevocationEndpoint(), post, settings.getJwkSetEndpoint(), get,
				settings.getOidcUserInfoEndpoint(), getOrPost, settings.getOidcLogoutEndpoint(), getOrPost,
				settings.getPushedAuthorizationRequestEndpoint(), post,
				"/.well-known/openid-configuration", get, "/.well-known/oauth-authorization-server", get));
		methods.put(settings.getOidcClientRegistrationEndpoint(), Set.of("GET", "POST", "PUT", "DELETE"));
		FilterRegistrationBean<EndpointMethods> registration = new FilterRegistrationBean<>(new EndpointMethods(methods));
		// right after the correlation id and admission control, before sessions and security
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * RFC 9728's metadata of our APIs ({@code /.well-known/oauth-protected-resource[/path]}): the resource named from
	 * the issuer, not from whatever host the request came through, this server as its authorization server, and no
	 * mutual TLS, which nothing here offers.
	 */
	private static void protectedResource(Map<String, Object> claims, String issuer) {
		String resource = String.valueOf(claims.get("resource"));
		String path = URI.create(resource).getRawPath();
		claims.put("resource", issuer + ((path != null) ? path : ""));
		claims.put("authorization_servers", List.of(issuer));
		claims.remove("tls_client_certificate_bound_access_tokens");
	}

	/** The endpoints where only clients authenticate. */
	private static RequestMatcher clientEndpoints(AuthorizationServerSettings settings) {
		return new OrRequestMatcher(PathPatternRequestMatcher.pathPattern(settings.getTokenEndpoint()),
				PathPatternRequestMatcher.pathPattern(settings.getPushedAuthorizationRequestEndpoint()),
				PathPatternRequestMatcher.pathPattern(settings.getTokenIntrospectionEndpoint()),
				PathPatternRequestMatcher.pathPattern(settings.getTokenRevocationEndpoint()));
	}

}
