package dev.wxauth.server.wechat.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.Cookie;
import dev.wxauth.server.crypto.AtRestEncryptor;
import dev.wxauth.server.crypto.MasterKey;
import dev.wxauth.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import static org.assertj.core.api.Assertions.assertThat;

class SealedCookieAuthorizationRequestRepositoryTests {

	static final AtRestEncryptor ENCRYPTOR = new AtRestEncryptor(
			MasterKey.fromBase64("dGVzdC1tYXN0ZXIta2V5LWZvci13eGF1dGgtdGVzdHM="));

	final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T08:00:00Z"));

	final SealedCookieAuthorizationRequestRepository repository = new SealedCookieAuthorizationRequestRepository(
			ENCRYPTOR, this.clock);

	final OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
		.authorizationUri("https://open.weixin.qq.com/connect/qrconnect")
		.clientId("wxd0000000000000a1")
		.redirectUri("https://id.example.com/login/oauth2/code/website")
		.scopes(Set.of("snsapi_login"))
		.state("state-123")
		.additionalParameters(Map.of("appid", "wxd0000000000000a1"))
		.attributes(Map.of("registration_id", "website"))
		.authorizationRequestUri("https://open.weixin.qq.com/connect/qrconnect?appid=wxd0000000000000a1"
				+ "&redirect_uri=https%3A%2F%2Fid.example.com%2Flogin%2Foauth2%2Fcode%2Fwebsite&response_type=code"
				+ "&scope=snsapi_login&state=state-123#wechat_redirect")
		.build();

	@Test
	void loadWhenCallbackCarriesTheStateThenTheSavedRequestWhole() {
		Cookie cookie = saved(this.request);

		OAuth2AuthorizationRequest loaded = this.repository.loadAuthorizationRequest(callback("state-123", cookie));

		assertThat(loaded).usingRecursiveComparison().isEqualTo(this.request);
	}

	@Test
	void saveThenCookieSealedHttpOnlyLaxAndOnlyForTheCallbackPath() {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.repository.saveAuthorizationRequest(this.request, new MockHttpServletRequest(), response);

		String header = response.getHeader(HttpHeaders.SET_COOKIE);
		assertThat(header).startsWith("WXAUTH_WECHAT_LOGIN=")
			.contains("Path=/login/oauth2/code/", "Max-Age=600", "HttpOnly", "SameSite=Lax")
			.doesNotContain("state-123", "wxd0000000000000a1", "Secure");
	}

	@Test
	void saveWhenHttpsThenSecureCookie() {
		MockHttpServletRequest https = new MockHttpServletRequest();
		https.setSecure(true);
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.repository.saveAuthorizationRequest(this.request, https, response);

		assertThat(response.getHeader(HttpHeaders.SET_COOKIE)).contains("Secure");
	}

	@Test
	void loadWhenStateDiffersThenNone() {
		assertThat(this.repository.loadAuthorizationRequest(callback("forged", saved(this.request)))).isNull();
	}

	@Test
	void loadWhenNoStateOrNoCookieThenNone() {
		assertThat(this.repository.loadAuthorizationRequest(callback(null, saved(this.request)))).isNull();
		assertThat(this.repository.loadAuthorizationRequest(callback("state-123", null))).isNull();
	}

	@Test
	void loadWhenCookieAlteredThenNone() {
		Cookie cookie = saved(this.request);
		char[] value = cookie.getValue().toCharArray();
		value[value.length / 2] = (value[value.length / 2] == 'A') ? 'B' : 'A';

		Cookie altered = new Cookie(cookie.getName(), new String(value));

		assertThat(this.repository.loadAuthorizationRequest(callback("state-123", altered))).isNull();
		assertThat(this.repository.loadAuthorizationRequest(callback("state-123", new Cookie(cookie.getName(), "%%"))))
			.isNull();
	}

	@Test
	void loadWhenSealedUnderAnotherMasterKeyThenNone() {
		SealedCookieAuthorizationRequestRepository otherDeployment = new SealedCookieAuthorizationRequestRepository(
				new AtRestEncryptor(MasterKey.fromBase64("b3RoZXItbWFzdGVyLWtleS0tLS0tLS0tLS0tLS0tLS0=")), this.clock);

		assertThat(otherDeployment.loadAuthorizationRequest(callback("state-123", saved(this.request)))).isNull();
	}

	@Test
	void loadWhenOlderThanTenMinutesThenNoneWhateverTheBrowserKept() {
		Cookie cookie = saved(this.request);
		this.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
		assertThat(this.repository.loadAuthorizationRequest(callback("state-123", cookie))).usingRecursiveComparison()
			.isEqualTo(this.request);

		this.clock.advance(Duration.ofSeconds(1));

		assertThat(this.repository.loadAuthorizationRequest(callback("state-123", cookie))).isNull();
	}

	@Test
	void removeWhenStateMatchesThenReturnedAndCookieCleared() {
		MockHttpServletResponse response = new MockHttpServletResponse();

		OAuth2AuthorizationRequest removed = this.repository
			.removeAuthorizationRequest(callback("state-123", saved(this.request)), response);

		assertThat(removed).usingRecursiveComparison().isEqualTo(this.request);
		assertThat(response.getHeader(HttpHeaders.SET_COOKIE)).startsWith("WXAUTH_WECHAT_LOGIN=;")
			.contains("Max-Age=0", "Path=/login/oauth2/code/");
	}

	@Test
	void removeWhenStateDiffersThenRefusedAndCookieCleared() {
		MockHttpServletResponse response = new MockHttpServletResponse();

		assertThat(this.repository.removeAuthorizationRequest(callback("forged", saved(this.request)), response)).isNull();

		assertThat(response.getHeader(HttpHeaders.SET_COOKIE)).startsWith(SealedCookieAuthorizationRequestRepository.COOKIE_NAME + "=;")
			.contains("Max-Age=0");
	}

	@Test
	void loadWhenCallbackOfAnotherAppThenNone() {
		Cookie cookie = saved(this.request);
		MockHttpServletRequest otherApp = callback(this.request.getState(), cookie);
		otherApp.setRequestURI("/login/oauth2/code/official-account");

		assertThat(this.repository.loadAuthorizationRequest(otherApp)).isNull();
	}

	Cookie saved(OAuth2AuthorizationRequest authorizationRequest) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.repository.saveAuthorizationRequest(authorizationRequest, new MockHttpServletRequest(), response);
		return response.getCookie(SealedCookieAuthorizationRequestRepository.COOKIE_NAME);
	}

	static MockHttpServletRequest callback(String state, Cookie cookie) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/oauth2/code/website");
		if (state != null) {
			request.setParameter("state", state);
		}
		if (cookie != null) {
			request.setCookies(cookie);
		}
		return request;
	}

}
