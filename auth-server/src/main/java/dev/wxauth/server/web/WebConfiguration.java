package dev.wxauth.server.web;

import dev.wxauth.server.oauth2.AuthorizationServerContribution;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.web.servlet.LocaleResolver;

/**
 * What a person's browser meets: where its authorization request waits while the person signs in, what a failed
 * login shows, the consent page, and the language of every page.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	/**
	 * Where a signed-out browser's authorization request waits while the person signs in: in a cookie (its path and
	 * query only, so it can only lead back to us), not in the server session. Only browser GETs are saved: an API
	 * client that is refused gets no cookie. Spring Security's request-cache configurer takes this bean.
	 */
	@Bean
	RequestCache authorizationRequestCache() {
		CookieRequestCache cache = new CookieRequestCache();
		cache.setRequestMatcher(new AndRequestMatcher(PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/**"),
				BrowserRequests.matcher()));
		cache.setCookieCustomizer((cookie) -> cookie.setAttribute("SameSite", "Lax"));
		return cache;
	}

	@Bean
	AuthenticationFailureHandler upstreamLoginFailures(RegisteredClientRepository clients,
			AuthorizationServerSettings settings, RequestCache authorizationRequestCache) {
		return new UpstreamLoginFailureHandler(clients, settings, authorizationRequestCache);
	}

	@Bean
	PagePolicies pagePolicies() {
		return new PagePolicies();
	}

	/** Spring MVC takes the bean of this name: see {@link PageLanguages}. */
	@Bean
	LocaleResolver localeResolver() {
		return new PageLanguages();
	}

	/** Our consent page in place of the framework's: see {@link ConsentController}. */
	@Bean
	AuthorizationServerContribution consentPage() {
		return (authorizationServer) -> authorizationServer
			.authorizationEndpoint((endpoint) -> endpoint.consentPage(ConsentController.PATH));
	}

	@Bean
	ConsentForms consentForms(AuthorizationServerSettings settings, CsrfTokenRepository csrfTokens) {
		return new ConsentForms(settings, csrfTokens);
	}

}
