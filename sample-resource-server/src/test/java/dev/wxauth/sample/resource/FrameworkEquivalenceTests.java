package dev.wxauth.sample.resource;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource server's faster header checks answer exactly as the framework's regular expressions do.
 */
class FrameworkEquivalenceTests {

	static final List<String> AUTHORIZATION_HEADERS = List.of("Bearer abc.DEF-ghi_jkl~mno+pqr/stu", "bearer abc",
			"BEARER abc==", "Bearer abc=", "Bearer abc=def", "Bearer ", "Bearer", "Bearerabc", "Bearer  abc",
			"Bearer abc ", "Bearer a\u00e9c", "Bearer a,b", "Basic dXNlcjpwYXNz", "DPoP abc", "Bearer ==",
			"Bearer\tabc", "bearer-ish", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln", "");

	static final List<String> HEADER_VALUES = List.of("plain", "tab\there", "new\nline", "nul\u0000", "del\u007f",
			"c1\u0085", "\u00e9t\u00e9", "\u4e2d\u6587", "emoji \ud83d\ude00", "lone \ud83d surrogate", "unassigned \u0378",
			"private \ue000", "", " ");

	@Test
	void bearerTokenResolverAnswersAsTheFrameworkDefault() {
		BearerTokenResolver framework = new DefaultBearerTokenResolver();
		BearerTokenResolver ours = new HeaderBearerTokenResolver();
		for (String header : AUTHORIZATION_HEADERS) {
			assertThat(outcome(ours, header)).as(header).isEqualTo(outcome(framework, header));
		}
		assertThat(outcome(ours, null)).isEqualTo(outcome(framework, null)).isEqualTo("token null");
	}

	@Test
	void headerValueCheckAnswersAsTheFirewallDefault() {
		FastHeaderValueCheck ours = new FastHeaderValueCheck();
		for (String value : HEADER_VALUES) {
			assertThat(ours.test(value)).as(value).isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value));
		}
	}

	static String outcome(BearerTokenResolver resolver, String header) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		if (header != null) {
			request.addHeader("Authorization", header);
		}
		try {
			return "token " + resolver.resolve(request);
		}
		catch (OAuth2AuthenticationException ex) {
			return "error " + ex.getError().getErrorCode() + " " + ex.getError().getDescription();
		}
	}

}
