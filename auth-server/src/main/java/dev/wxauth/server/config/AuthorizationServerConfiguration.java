package dev.wxauth.server.config;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.wxauth.server.authorization.ConsentRequiringClientsConsentService;
import dev.wxauth.server.authorization.OneConnectionAuthorizationReads;
import dev.wxauth.server.authorization.RequestScopedAuthorizationLookups;
import dev.wxauth.server.authorization.SingleUseAuthorizationCodes;
import dev.wxauth.server.authorization.SingleUseRefreshTokens;
import dev.wxauth.server.authorization.TransactionalAuthorizationConsentService;
import dev.wxauth.server.authorization.UpsertingJdbcAuthorizationService;
import dev.wxauth.server.client.CachingRegisteredClientRepository;
import dev.wxauth.server.crypto.RememberingPasswordEncoder;
import dev.wxauth.server.federation.FederatedOAuth2UserService;
import dev.wxauth.server.federation.UserClaims;
import dev.wxauth.server.grant.WeChatCodeGrants;
import dev.wxauth.server.token.DefaultScopesClientCredentialsConverter;
import dev.wxauth.server.token.TokenClaimsCustomizer;
import dev.wxauth.server.web.UpstreamLoginFailureHandler;
import dev.wxauth.server.web.WeChatLoginEntryPoint;
import dev.wxauth.server.wechat.oauth2.WeChatClientRegistrations;
import dev.wxauth.server.wechat.oauth2.WeChatCodeTokenResponseClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The two security filter chains and the authorization server's stores.
 * <p>
 * The first chain owns the protocol endpoints (OAuth 2.1 + OpenID Connect 1.0: authorize, token, introspect,
 * revoke, JWKS, discovery, userinfo, end-session); a browser that reaches the authorize endpoint signed out is
 * sent to WeChat's login, or to {@code /login} when there is a page of ours to show first. The second chain owns
 * everything else (the login pages, errors).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, AuthorizationServerSettings settings,
			UserClaims userClaims, WeChatCodeGrants weChatCodeGrants, WeChatLoginEntryPoint weChatLogin,
			OAuth2AuthorizationService authorizations, JdbcOperations jdbc) throws Exception {
		// @formatter:off
		http
			.oauth2AuthorizationServer((authorizationServer) -> {
				http.securityMatcher(authorizationServer.getEndpointsMatcher());
				authorizationServer
					.tokenEndpoint((token) -> token
						.accessTokenRequestConverters(
							(converters) -> converters.replaceAll(DefaultScopesClientCredentialsConverter::replacing))
						.authenticationProviders((providers) -> providers.replaceAll((provider) -> switch (provider) {
							case OAuth2AuthorizationCodeAuthenticationProvider codes ->
								new SingleUseAuthorizationCodes(codes, authorizations, jdbc);
							case OAuth2RefreshTokenAuthenticationProvider refreshTokens ->
								new SingleUseRefreshTokens(refreshTokens, authorizations, jdbc);
							default -> provider;
						})))
					.oidc((oidc) -> oidc.userInfoEndpoint((userInfo) -> userInfo.userInfoMapper(userInfoMapper(userClaims))));
				weChatCodeGrants.configure(authorizationServer);
			})
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new ClientAuthenticationEntryPoint(), clientEndpoints(settings))
				.defaultAuthenticationEntryPointFor(weChatLogin, browsers()));
		// @formatter:on
		return http.build();
	}

	/** The endpoints where only clients authenticate. */
	private static RequestMatcher clientEndpoints(AuthorizationServerSettings settings) {
		return new OrRequestMatcher(PathPatternRequestMatcher.pathPattern(settings.getTokenEndpoint()),
				PathPatternRequestMatcher.pathPattern(settings.getTokenIntrospectionEndpoint()),
				PathPatternRequestMatcher.pathPattern(settings.getTokenRevocationEndpoint()));
	}

	/** Requests that explicitly accept HTML: a client that sends no Accept header gets no login redirect. */
	private static RequestMatcher browsers() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

	/**
	 * Userinfo (OIDC Core §5.3): {@code sub} plus the person's claims for the scopes the access token carries.
	 */
	private static Function<OidcUserInfoAuthenticationContext, OidcUserInfo> userInfoMapper(UserClaims userClaims) {
		return (context) -> {
			OAuth2Authorization authorization = context.getAuthorization();
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put(StandardClaimNames.SUB, authorization.getPrincipalName());
			Authentication principal = authorization.getAttribute(Principal.class.getName());
			if (principal != null) {
				claims.putAll(userClaims.claims(principal, context.getAccessToken().getScopes()));
			}
			return new OidcUserInfo(claims);
		};
	}

	/**
	 * Our own APIs for apps ({@code /wechat/**}): bearer tokens we issued (RFC 6750), no session, no CSRF (no
	 * cookies to ride on).
	 */
	@Bean
	@Order(2)
	SecurityFilterChain appApiFilterChain(HttpSecurity http) throws Exception {
		// @formatter:off
		http
			.securityMatcher("/wechat/**")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		// @formatter:on
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain defaultFilterChain(HttpSecurity http, WeChatClientRegistrations weChatLogins,
			OAuth2AuthorizationRequestResolver weChatAuthorizationRequests,
			AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequestRepository,
			WeChatCodeTokenResponseClient weChatTokens, FederatedOAuth2UserService federatedUsers,
			RegisteredClientRepository clients, AuthorizationServerSettings settings,
			RequestCache authorizationRequestCache) throws Exception {
		if (!weChatLogins.isEmpty()) {
			// @formatter:off
			http.oauth2Login((login) -> login
				.loginPage("/login")
				.clientRegistrationRepository(weChatLogins)
				.authorizationEndpoint((authorization) -> authorization
					.authorizationRequestResolver(weChatAuthorizationRequests)
					.authorizationRequestRepository(authorizationRequestRepository))
				.tokenEndpoint((token) -> token.accessTokenResponseClient(weChatTokens))
				.userInfoEndpoint((userInfo) -> userInfo.userService(federatedUsers))
				.failureHandler(new UpstreamLoginFailureHandler(clients, settings, authorizationRequestCache)));
			// @formatter:on
		}
		// @formatter:off
		http
			.authorizeHttpRequests((authorize) -> authorize
				.requestMatchers("/login", "/error", "/favicon.ico").permitAll()
				.anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browsers())
				.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), AnyRequestMatcher.INSTANCE));
		// @formatter:on
		return http.build();
	}

	/**
	 * Where a signed-out browser's authorization request waits while the person signs in: in a cookie (its path and
	 * query only, so it can only lead back to us), not in the server session. Only browser GETs are saved: an API
	 * client that is refused gets no cookie.
	 */
	@Bean
	RequestCache authorizationRequestCache() {
		CookieRequestCache cache = new CookieRequestCache();
		cache.setRequestMatcher(new AndRequestMatcher(PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/**"),
				browsers()));
		cache.setCookieCustomizer((cookie) -> cookie.setAttribute("SameSite", "Lax"));
		return cache;
	}

	/** Shared by the framework's grants and ours, so that every token gets the same claims. */
	@Bean
	OAuth2TokenGenerator<OAuth2Token> tokenGenerator(JwtEncoder jwtEncoder, UserClaims userClaims) {
		JwtGenerator jwtGenerator = new JwtGenerator(jwtEncoder);
		jwtGenerator.setJwtCustomizer(new TokenClaimsCustomizer(userClaims));
		return new DelegatingOAuth2TokenGenerator(jwtGenerator, new OAuth2AccessTokenGenerator(),
				new OAuth2RefreshTokenGenerator());
	}

	@Bean
	static DatabasePoolSizing databasePoolSizing(Environment environment) {
		return new DatabasePoolSizing(environment, Runtime.getRuntime().availableProcessors());
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(WxauthProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer().toString()).build();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc, WxauthProperties properties) {
		return new CachingRegisteredClientRepository(new JdbcRegisteredClientRepository(jdbc),
				properties.clients().cacheTtl(), 10_000, Clock.systemUTC());
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcOperations jdbc,
			RegisteredClientRepository registeredClientRepository, PlatformTransactionManager transactionManager) {
		return new RequestScopedAuthorizationLookups(new OneConnectionAuthorizationReads(
				new UpsertingJdbcAuthorizationService(jdbc, registeredClientRepository), transactionManager));
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc,
			RegisteredClientRepository registeredClientRepository, TransactionOperations transactions) {
		return new ConsentRequiringClientsConsentService(new TransactionalAuthorizationConsentService(
				new JdbcOAuth2AuthorizationConsentService(jdbc, registeredClientRepository), transactions),
				registeredClientRepository);
	}

	/** BCrypt at rest; a secret that verified in the last ten minutes is not BCrypt-checked again. */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new RememberingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
				Duration.ofMinutes(10), 10_000, Clock.systemUTC());
	}

}
