package dev.wxauth.server.oauth2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.savedrequest.CookieRequestCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one reader of the authorization request a browser's cookie keeps while its person signs in: what it takes from
 * a request the endpoint accepted, and that anything else, however the cookie was altered, reads as no request.
 */
class WaitingAuthorizationRequestTests {

	static final String ENDPOINT = "/oauth2/authorize";

	final CookieRequestCache cache = new CookieRequestCache();

	@Test
	void findWhenNothingSavedThenEmpty() {
		assertThat(find(new MockHttpServletRequest())).isEmpty();
	}

	@Test
	void findWhenAuthorizationRequestSavedThenItsClientRedirectUriAndStateDecoded() {
		Optional<WaitingAuthorizationRequest> waiting = find(saved("", ENDPOINT,
				"response_type=code&client_id=shop%20web&redirect_uri=https%3A%2F%2Fshop.example.com%2Fcb%3Fx%3D1"
						+ "&state=a%2Bb%26c&scope=openid"));

		assertThat(waiting).contains(new WaitingAuthorizationRequest("shop web", "https://shop.example.com/cb?x=1",
				"a+b&c"));
	}

	@Test
	void findWhenOnlyClientIdThenNoRedirectUriOrState() {
		assertThat(find(saved("", ENDPOINT, "client_id=shop&response_type=code")))
			.contains(new WaitingAuthorizationRequest("shop", null, null));
	}

	@Test
	void findWhenUnderAContextPathThenTheEndpointUnderIt() {
		assertThat(find(saved("/id", "/id" + ENDPOINT, "client_id=shop"))).map(WaitingAuthorizationRequest::clientId)
			.contains("shop");
		assertThat(find(saved("/id", ENDPOINT, "client_id=shop"))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/account", "/oauth2/authorize/more", "/login" })
	void findWhenAnotherPageWaitsThenEmpty(String path) {
		assertThat(find(saved("", path, "client_id=shop"))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "response_type=code", "client_id=", "client_id", "" })
	void findWhenClientIdMissingOrEmptyThenEmpty(String query) {
		assertThat(find(saved("", ENDPOINT, query))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "client_id=shop&client_id=other",
			"client_id=shop&redirect_uri=https://a/cb&redirect_uri=https://b/cb", "client_id=shop&state=1&state=2" })
	void findWhenParameterRepeatedThenEmpty(String query) {
		assertThat(find(saved("", ENDPOINT, query))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/oauth2/authorize?client_id=%", "/oauth2/authorize?client_id=shop&state=%G1",
			"/oauth2/authorize?client_id=shop&redirect_uri=https%3A%2", "//evil.example/oauth2/authorize?client_id=shop",
			"https://evil.example/oauth2/authorize?client_id=shop" })
	void findWhenSavedRequestMalformedThenEmpty(String savedUrl) {
		assertThat(find(withCookie(Base64.getEncoder().encodeToString(savedUrl.getBytes(StandardCharsets.UTF_8)))))
			.isEmpty();
	}

	@Test
	void findWhenCookieNotBase64ThenEmpty() {
		assertThat(find(withCookie("%%not-base64%%"))).isEmpty();
	}

	private Optional<WaitingAuthorizationRequest> find(MockHttpServletRequest request) {
		return WaitingAuthorizationRequest.find(this.cache, ENDPOINT, request, new MockHttpServletResponse());
	}

	/** The next request of a browser whose request to {@code path} the cache saved, under {@code contextPath}. */
	private MockHttpServletRequest saved(String contextPath, String path, String query) {
		MockHttpServletRequest original = new MockHttpServletRequest("GET", path);
		original.setContextPath(contextPath);
		original.setQueryString(query.isEmpty() ? null : query);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.cache.saveRequest(original, response);
		MockHttpServletRequest next = new MockHttpServletRequest("GET", contextPath + "/login/oauth2/code/website");
		next.setContextPath(contextPath);
		next.setCookies(response.getCookies());
		return next;
	}

	/** The next request of a browser whose request-cache cookie holds {@code value}. */
	private MockHttpServletRequest withCookie(String value) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.cache.saveRequest(new MockHttpServletRequest("GET", ENDPOINT), response);
		MockHttpServletRequest next = new MockHttpServletRequest("GET", "/login/oauth2/code/website");
		next.setCookies(new Cookie(response.getCookies()[0].getName(), value));
		return next;
	}

}
