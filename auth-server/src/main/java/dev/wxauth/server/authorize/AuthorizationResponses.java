package dev.wxauth.server.authorize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The authorization endpoint's answers to the client, success and error alike, each with the {@code iss} of RFC
 * 9207 §2: a client that talks to more than one server learns which one answered, and an attacker's server cannot
 * pass its response off as ours (the mix-up attack, RFC 9700 §4.4). The framework's own answers carry no
 * {@code iss}; apart from it these are the framework's.
 */
final class AuthorizationResponses {

	static final String ISS = "iss";

	private final String issuer;

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	AuthorizationResponses(String issuer) {
		this.issuer = issuer;
	}

	/** The code, to the client's redirect URI. */
	void sendCode(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken granted = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		UriComponentsBuilder target = UriComponentsBuilder.fromUriString(granted.getRedirectUri())
			.queryParam(OAuth2ParameterNames.CODE, granted.getAuthorizationCode().getTokenValue());
		send(request, response, target, granted.getState());
	}

	/**
	 * An error, to the client's redirect URI when the request named a valid one; otherwise a 400 for the person (the
	 * error page), never a redirect to an address nobody registered.
	 */
	void sendError(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationException refusal = (OAuth2AuthorizationCodeRequestAuthenticationException) exception;
		OAuth2AuthorizationCodeRequestAuthenticationToken refused = refusal.getAuthorizationCodeRequestAuthentication();
		OAuth2Error error = refusal.getError();
		if (refused == null || !StringUtils.hasText(refused.getRedirectUri())) {
			response.sendError(HttpStatus.BAD_REQUEST.value(), error.toString());
			return;
		}
		UriComponentsBuilder target = UriComponentsBuilder.fromUriString(refused.getRedirectUri())
			.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			target.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
		}
		if (StringUtils.hasText(error.getUri())) {
			target.queryParam(OAuth2ParameterNames.ERROR_URI, encode(error.getUri()));
		}
		send(request, response, target, refused.getState());
	}

	private void send(HttpServletRequest request, HttpServletResponse response, UriComponentsBuilder target,
			String state) throws IOException {
		if (StringUtils.hasText(state)) {
			target.queryParam(OAuth2ParameterNames.STATE, encode(state));
		}
		target.queryParam(ISS, encode(this.issuer));
		// build(true): every component is encoded already
		this.redirects.sendRedirect(request, response, target.build(true).toUriString());
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

}
