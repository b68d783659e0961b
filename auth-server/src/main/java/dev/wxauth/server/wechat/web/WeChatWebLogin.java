package dev.wxauth.server.wechat.web;

import java.util.function.UnaryOperator;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.Assert;

/**
 * The browser login through WeChat, as the security configuration composes it: Spring Security's
 * {@code oauth2Login} taught WeChat's dialect (its registrations, authorization requests, code exchange, user
 * service and sealed state cookie), keeping no WeChat user token after the login, and the entry point that sends
 * a signed-out browser to the right WeChat page.
 */
public final class WeChatWebLogin {

	private final WeChatLoginChoice choice;

	private final WeChatCodeTokenResponseClient tokens;

	private final OAuth2UserService<OAuth2UserRequest, OAuth2User> users;

	private final WeChatLoginEntryPoint entryPoint;

	private final UnaryOperator<AuthenticationFailureHandler> failureRecorder;

	WeChatWebLogin(WeChatLoginChoice choice, WeChatCodeTokenResponseClient tokens,
			OAuth2UserService<OAuth2UserRequest, OAuth2User> users,
			UnaryOperator<AuthenticationFailureHandler> failureRecorder) {
		Assert.notNull(choice, "choice cannot be null");
		Assert.notNull(tokens, "tokens cannot be null");
		Assert.notNull(users, "users cannot be null");
		this.choice = choice;
		this.tokens = tokens;
		this.users = users;
		this.entryPoint = new WeChatLoginEntryPoint(choice);
		this.failureRecorder = failureRecorder;
	}

	/**
	 * Adds {@code oauth2Login} for our website and official-account apps, even while there is none: one may be added
	 * through the admin API at any time (until then nobody can sign in, and {@code /login} says so).
	 * @param loginPage where a person chooses how to sign in, and reads why a login failed
	 * @param failures what the browser gets when a login fails; every failure is told to the login events first
	 */
	public void configure(HttpSecurity http, String loginPage, AuthenticationFailureHandler failures)
			throws Exception {
		// @formatter:off
		http.oauth2Login((oauth2Login) -> oauth2Login
			.loginPage(loginPage)
			.clientRegistrationRepository(this.choice.registrations())
			.authorizedClientRepository(new DiscardedAuthorizedClients())
			.authorizationEndpoint((authorization) -> authorization
				.authorizationRequestResolver(this.choice.authorizationRequests())
				.authorizationRequestRepository(this.choice.authorizationRequestRepository()))
			.tokenEndpoint((token) -> token.accessTokenResponseClient(this.tokens))
			.userInfoEndpoint((userInfo) -> userInfo.userService(this.users))
			.failureHandler(this.failureRecorder.apply(failures)));
		// @formatter:on
	}

	/** Where a signed-out browser goes from the authorization endpoint. */
	public AuthenticationEntryPoint entryPoint() {
		return this.entryPoint;
	}

}
