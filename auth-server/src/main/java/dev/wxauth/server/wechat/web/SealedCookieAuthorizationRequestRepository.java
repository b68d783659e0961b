package dev.wxauth.server.wechat.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.wxauth.server.crypto.AtRestEncryptor;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.util.WebUtils;

/**
 * Keeps the WeChat leg's authorization request in the browser, in a cookie sealed with the master key, instead of
 * in the server session: a signed-out browser on its way to WeChat then costs no session rows, and any instance can
 * finish the login it started.
 * <p>
 * The cookie carries what the session carried, above all the {@code state} that WeChat's callback must echo (the
 * login CSRF defence of RFC 6749 §10.12: the state is bound to this browser). It is AES-GCM sealed under the
 * cookie's name ({@link AtRestEncryptor}), so it can be neither read nor forged nor moved to another purpose; it
 * carries its own expiry, so an old copy is refused whatever the browser kept; and it is {@code HttpOnly},
 * {@code SameSite=Lax} (WeChat sends the person back with a top-level GET), {@code Secure} over HTTPS, and sent only
 * to the callback path. It is cleared by the first callback that comes with it, whether that callback is accepted
 * or refused, and it is accepted only at the callback of the app the login went to.
 */
public final class SealedCookieAuthorizationRequestRepository
		implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String COOKIE_NAME = "WXAUTH_WECHAT_LOGIN";

	static final String COOKIE_PATH = "/login/oauth2/code/";

	/** Long enough to find the phone and scan; WeChat's own QR code expires sooner. */
	static final Duration LIFETIME = Duration.ofMinutes(10);

	private static final Log logger = LogFactory.getLog(SealedCookieAuthorizationRequestRepository.class);

	private static final String CONTEXT = "cookie:" + COOKIE_NAME;

	private final AtRestEncryptor encryptor;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	public SealedCookieAuthorizationRequestRepository(AtRestEncryptor encryptor, Clock clock) {
		Assert.notNull(encryptor, "encryptor cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.encryptor = encryptor;
		this.clock = clock;
	}

	@Override
	public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		Cookie cookie = WebUtils.getCookie(request, COOKIE_NAME);
		if (!StringUtils.hasText(state) || cookie == null) {
			return null;
		}
		SavedAuthorizationRequest saved = unseal(cookie.getValue());
		if (saved == null || this.clock.instant().getEpochSecond() >= saved.expiresAt()
				|| !state.equals(saved.state()) || !isForCallbackOf(request, saved)) {
			return null;
		}
		return saved.toAuthorizationRequest();
	}

	/**
	 * Whether the callback is the one of the app the login went to: Spring's login takes the app from the saved
	 * request, whatever the callback's path says, so a code WeChat gave one app would otherwise be redeemed at
	 * another's callback.
	 */
	private static boolean isForCallbackOf(HttpServletRequest request, SavedAuthorizationRequest saved) {
		String callbackPrefix = request.getContextPath() + COOKIE_PATH;
		String path = request.getRequestURI();
		return path.startsWith(callbackPrefix) && path.substring(callbackPrefix.length())
			.equals(saved.attributes().get(OAuth2ParameterNames.REGISTRATION_ID));
	}

	@Override
	public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
			HttpServletResponse response) {
		if (authorizationRequest == null) {
			clear(request, response);
			return;
		}
		Assert.hasText(authorizationRequest.getState(), "authorizationRequest.state cannot be empty");
		long expiresAt = this.clock.instant().plus(LIFETIME).getEpochSecond();
		byte[] plaintext = this.json.writeValueAsBytes(SavedAuthorizationRequest.of(authorizationRequest, expiresAt));
		String value = Base64.getUrlEncoder().withoutPadding().encodeToString(this.encryptor.encrypt(plaintext, CONTEXT));
		response.addHeader(HttpHeaders.SET_COOKIE, cookie(value, LIFETIME, request).toString());
	}

	@Override
	public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizationRequest authorizationRequest = loadAuthorizationRequest(request);
		if (WebUtils.getCookie(request, COOKIE_NAME) != null) {
			// used, or refused: either way the login it was for is over
			clear(request, response);
		}
		return authorizationRequest;
	}

	private SavedAuthorizationRequest unseal(String value) {
		try {
			byte[] plaintext = this.encryptor.decrypt(Base64.getUrlDecoder().decode(value), CONTEXT);
			return this.json.readValue(plaintext, SavedAuthorizationRequest.class);
		}
		catch (IllegalArgumentException | AtRestEncryptor.DecryptionFailedException | JacksonException ex) {
			// altered, truncated, or sealed under another master key: as if there were none
			logger.debug("Ignoring an unreadable " + COOKIE_NAME + " cookie");
			return null;
		}
	}

	private static void clear(HttpServletRequest request, HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO, request).toString());
	}

	private static ResponseCookie cookie(String value, Duration maxAge, HttpServletRequest request) {
		return ResponseCookie.from(COOKIE_NAME, value)
			.path(request.getContextPath() + COOKIE_PATH)
			.maxAge(maxAge)
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Lax")
			.build();
	}

	/** The sealed form: the request's fields, by name, and when it stops being accepted. */
	record SavedAuthorizationRequest(String authorizationUri, String clientId, String redirectUri, Set<String> scopes,
			String state, Map<String, Object> additionalParameters, Map<String, Object> attributes,
			String authorizationRequestUri, long expiresAt) {

		static SavedAuthorizationRequest of(OAuth2AuthorizationRequest request, long expiresAt) {
			return new SavedAuthorizationRequest(request.getAuthorizationUri(), request.getClientId(),
					request.getRedirectUri(), request.getScopes(), request.getState(),
					request.getAdditionalParameters(), request.getAttributes(), request.getAuthorizationRequestUri(),
					expiresAt);
		}

		OAuth2AuthorizationRequest toAuthorizationRequest() {
			return OAuth2AuthorizationRequest.authorizationCode()
				.authorizationUri(this.authorizationUri)
				.clientId(this.clientId)
				.redirectUri(this.redirectUri)
				.scopes(this.scopes)
				.state(this.state)
				.additionalParameters(this.additionalParameters)
				.attributes(this.attributes)
				.authorizationRequestUri(this.authorizationRequestUri)
				.build();
		}

	}

}
