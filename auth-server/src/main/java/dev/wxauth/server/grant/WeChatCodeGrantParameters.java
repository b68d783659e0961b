package dev.wxauth.server.grant;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.util.StringUtils;

/**
 * The parameters both WeChat code grants take at the token endpoint, as their converters read them.
 *
 * @param code the WeChat code: required, exactly once, at most {@link #MAX_LENGTH} characters of RFC 6749's VSCHAR
 * (printable ASCII, Appendix A.11), as every parameter
 * @param scopes the requested scopes: optional, at most one {@code scope} parameter; empty when absent
 */
record WeChatCodeGrantParameters(String code, Set<String> scopes) {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

	/** Longer than any code WeChat issues (32 characters) or any scope list of ours: more is refused before any I/O. */
	static final int MAX_LENGTH = 512;

	/**
	 * @throws OAuth2AuthenticationException {@code invalid_request} naming a missing, repeated or long parameter, or
	 * a code that is not printable ASCII: no WeChat code, never sent to WeChat
	 */
	static WeChatCodeGrantParameters read(HttpServletRequest request) {
		String code = single(request, OAuth2ParameterNames.CODE, true);
		if (!isVisibleAscii(code)) {
			throw invalid(OAuth2ParameterNames.CODE);
		}
		String scope = single(request, OAuth2ParameterNames.SCOPE, false);
		Set<String> scopes = StringUtils.hasText(scope)
				? new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+"))) : Set.of();
		return new WeChatCodeGrantParameters(code, scopes);
	}

	/**
	 * A code other than the login's (a {@code getPhoneNumber} code), held to the same rules, or {@code null} when absent.
	 * @throws OAuth2AuthenticationException {@code invalid_request} naming it when repeated, long or not printable
	 */
	static @Nullable String optionalCode(HttpServletRequest request, String name) {
		String code = single(request, name, false);
		if (code != null && !isVisibleAscii(code)) {
			throw invalid(name);
		}
		return code;
	}

	private static String single(HttpServletRequest request, String name, boolean required) {
		String[] values = request.getParameterValues(name);
		boolean absent = values == null || values.length == 0 || (values.length == 1 && !StringUtils.hasText(values[0]));
		if (absent && !required) {
			return null;
		}
		if (absent || values.length != 1 || values[0].length() > MAX_LENGTH) {
			throw invalid(name);
		}
		return values[0];
	}

	private static OAuth2AuthenticationException invalid(String name) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "OAuth 2.0 Parameter: " + name, ERROR_URI));
	}

	/** RFC 6749's VSCHAR: {@code %x20-7E}. */
	static boolean isVisibleAscii(String value) {
		return value.chars().allMatch((c) -> c >= 0x20 && c <= 0x7e);
	}

}
