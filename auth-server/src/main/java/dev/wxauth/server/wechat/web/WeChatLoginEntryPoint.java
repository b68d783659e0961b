package dev.wxauth.server.wechat.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;

/**
 * Where a signed-out browser goes from the authorization endpoint: when WeChat's own page is the login (see
 * {@link WeChatLoginChoice}), straight there, with the WeChat leg's request saved as
 * {@code /oauth2/authorization/{app}} would save it; otherwise to {@code /login}. That spares the person two
 * redirects through us on every sign-in, which on a phone network are two round trips.
 */
final class WeChatLoginEntryPoint implements AuthenticationEntryPoint {

	static final String LOGIN_PAGE = "/login";

	private final WeChatLoginChoice choice;

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	WeChatLoginEntryPoint(WeChatLoginChoice choice) {
		this.choice = choice;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		WeChatLoginChoice.Choice login = this.choice.choose(request);
		if (login.kind() != WeChatLoginChoice.Kind.WECHAT_PAGE) {
			this.redirects.sendRedirect(request, response, LOGIN_PAGE);
			return;
		}
		OAuth2AuthorizationRequest wechat = this.choice.startWeChatLeg(login.app(), request, response);
		if (wechat == null) {
			this.redirects.sendRedirect(request, response, LOGIN_PAGE);
			return;
		}
		this.redirects.sendRedirect(request, response, wechat.getAuthorizationRequestUri());
	}

}
