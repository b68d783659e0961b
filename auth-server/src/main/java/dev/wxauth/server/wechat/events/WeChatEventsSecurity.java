package dev.wxauth.server.wechat.events;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * Who may push to {@code /wechat/events/**}: anyone, since a push is authenticated by WeChat's signature over it,
 * which the receiver checks ({@link WeChatPushes}). So it sits outside the bearer-token chain of our apps' API on
 * {@code /wechat/**}: no token, no session, no CSRF token (no cookie is involved).
 */
public final class WeChatEventsSecurity {

	/** The push receiver's own filter chain. */
	public void configure(HttpSecurity http) throws Exception {
		// @formatter:off
		http
			.securityMatcher(WeChatPushController.PATH + "/**")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.disable());
		// @formatter:on
	}

}
