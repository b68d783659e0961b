package dev.wxauth.server.authorize;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.wxauth.server.oauth2.AuthenticationTime;
import dev.wxauth.server.wechat.WeChatApps;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * How recent a login an OpenID Connect authorization request accepts (Core §3.1.2.1), which the framework leaves to
 * the login page: {@code prompt=login}, and a {@code max_age} the person's login is older than, send a signed-in
 * browser through WeChat again; {@code prompt=none} never shows a login, and answers {@code login_required} at the
 * client instead when the person is signed out or their login too old. A client that names its WeChat login apps
 * ({@link WeChatApps#LOGIN_APPS_SETTING}) takes a login through one of them only: a session that came through another
 * of our apps signs in again for it, as for {@code prompt=login}.
 * <p>
 * The request a fresh login returns to no longer asks for one ({@code prompt=login} and {@code max_age} dropped), so
 * that it does not send the person around again; the ID token's {@code auth_time} tells the client how recent the
 * login is, as §3.1.2.1 requires whenever {@code max_age} was asked for.
 * <p>
 * Runs after the framework has validated the request (the client, its redirect URI) and before the check that a
 * person is signed in.
 */
public final class LoginFreshness {

	private static final String VALIDATED = OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName();

	private static final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	private final RegisteredClientRepository clients;

	private final AuthorizationResponses responses;

	private final RequestCache requestCache;

	private final Clock clock;

	LoginFreshness(RegisteredClientRepository clients, AuthorizationResponses responses, RequestCache requestCache,
			Clock clock) {
		this.clients = clients;
		this.responses = responses;
		this.requestCache = requestCache;
		this.clock = clock;
	}

	/** Adds this check to the protocol endpoints' chain; {@code login} is where a new login starts. */
	public void configure(HttpSecurity http, AuthenticationEntryPoint login) {
		// not a bean itself: Spring Boot would put a Filter bean in front of every request
		http.addFilterBefore(new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				check(request, response, chain, login);
			}

		}, AuthorizationFilter.class);
	}

	private void check(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			AuthenticationEntryPoint login) throws ServletException, IOException {
		if (!(request.getAttribute(
				VALIDATED) instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest)) {
			chain.doFilter(request, response);
			return;
		}
		boolean openid = authorizationRequest.getScopes().contains(OidcScopes.OPENID);
		Map<String, Object> parameters = authorizationRequest.getAdditionalParameters();
		Set<String> prompt = (openid && parameters.get("prompt") instanceof String value)
				? Set.of(StringUtils.tokenizeToStringArray(value, " ")) : Set.of();
		Authentication person = SecurityContextHolder.getContext().getAuthentication();
		boolean signedIn = person != null && trust.isAuthenticated(person);
		boolean tooOld = signedIn && ((openid && (prompt.contains("login")
				|| olderThanMaxAge(person, parameters.get("max_age"))))
				|| throughAnotherApp(person, authorizationRequest.getClientId()));
		if (prompt.contains("none") && (!signedIn || tooOld)) {
			RegisteredClient client = this.clients.findByClientId(authorizationRequest.getClientId());
			this.responses.sendError(request, response,
					AuthorizationRequestRules.refusal(authorizationRequest, client, "login_required", "prompt"));
			return;
		}
		if (tooOld) {
			this.requestCache.saveRequest(new AskingNoFreshLogin(request), response);
			SecurityContextHolder.clearContext();
			login.commence(request, response, new InsufficientAuthenticationException("a fresher login is asked for"));
			return;
		}
		chain.doFilter(request, response);
	}

	/** Whether the person signed in through a WeChat app the client does not take logins from. */
	private boolean throughAnotherApp(Authentication person, String clientId) {
		if (!(person instanceof OAuth2AuthenticationToken login)) {
			return false;
		}
		RegisteredClient client = this.clients.findByClientId(clientId);
		List<String> apps = (client != null) ? WeChatApps.loginAppNames(client) : List.of();
		return !apps.isEmpty() && !apps.contains(login.getAuthorizedClientRegistrationId());
	}

	private boolean olderThanMaxAge(Authentication person, @Nullable Object maxAge) {
		if (!(maxAge instanceof String seconds) || !seconds.matches("\\d{1,9}")) {
			return false;
		}
		Instant signedInAt = AuthenticationTime.of(person).orElse(Instant.EPOCH);
		return signedInAt.plus(Duration.ofSeconds(Long.parseLong(seconds))).isBefore(this.clock.instant());
	}

	/** The request as it should be replayed after a fresh login: without {@code prompt=login} and {@code max_age}. */
	private static final class AskingNoFreshLogin extends HttpServletRequestWrapper {

		private final Map<String, String[]> parameters;

		private final @Nullable String queryString;

		AskingNoFreshLogin(HttpServletRequest request) {
			super(request);
			this.parameters = new LinkedHashMap<>(request.getParameterMap());
			this.parameters.remove("max_age");
			String[] prompt = this.parameters.remove("prompt");
			if (prompt != null && prompt.length == 1) {
				String rest = Arrays.stream(StringUtils.tokenizeToStringArray(prompt[0], " "))
					.filter((value) -> !value.equals("login"))
					.collect(Collectors.joining(" "));
				if (!rest.isEmpty()) {
					this.parameters.put("prompt", new String[] { rest });
				}
			}
			String query = this.parameters.entrySet()
				.stream()
				.flatMap((parameter) -> Arrays.stream(parameter.getValue())
					.map((value) -> encode(parameter.getKey()) + "=" + encode(value)))
				.collect(Collectors.joining("&"));
			this.queryString = query.isEmpty() ? null : query;
		}

		private static String encode(String text) {
			return URLEncoder.encode(text, StandardCharsets.UTF_8);
		}

		@Override
		public @Nullable String getQueryString() {
			return this.queryString;
		}

		@Override
		public @Nullable String getParameter(String name) {
			String[] values = this.parameters.get(name);
			return (values != null && values.length > 0) ? values[0] : null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return Collections.unmodifiableMap(this.parameters);
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(this.parameters.keySet());
		}

		@Override
		public String[] getParameterValues(String name) {
			return this.parameters.get(name);
		}

	}

}
