package dev.wxauth.server.web;

import dev.wxauth.server.user.Avatars;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The filter chain of the people's avatars ({@link Avatars#PATH}{@code {id}}), which anyone may fetch: a picture in an
 * ID token is shown by apps and browsers that hold no credential of ours. No session, no cookie, no CSRF token. An
 * avatar is bytes a person chose, so the headers keep it an image wherever it is opened: its type as its bytes say
 * ({@code X-Content-Type-Options: nosniff}, so no browser guesses HTML), {@code Content-Security-Policy:
 * default-src 'none'} (opened as a document, it can run no script and load nothing), no framing.
 */
public final class PublishedAvatars {

	private PublishedAvatars() {
	}

	public static void configure(HttpSecurity http) throws Exception {
		// @formatter:off
		http
			.securityMatcher(Avatars.PATH + "**")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable())
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'none'"))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		// @formatter:on
	}

}
