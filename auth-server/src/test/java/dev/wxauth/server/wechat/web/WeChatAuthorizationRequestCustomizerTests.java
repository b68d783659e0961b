package dev.wxauth.server.wechat.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WeChatAuthorizationRequestCustomizer}: a standard authorization request, PKCE and nonce included, turned
 * into the URI WeChat's authorize and QR pages accept.
 */
class WeChatAuthorizationRequestCustomizerTests {

	static final String APPID = "wxd0000000000000a2";

	static final String REDIRECT_URI = "http://id.example.com:8080/login/oauth2/code/official-account";

	final WeChatAuthorizationRequestCustomizer customizer = new WeChatAuthorizationRequestCustomizer();

	static OAuth2AuthorizationRequest.Builder standard(String redirectUri) {
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("https://open.weixin.qq.com/connect/oauth2/authorize")
			.clientId(APPID)
			.redirectUri(redirectUri)
			.scope("snsapi_userinfo")
			.state("c3RhdGUtMTIzNDU2Nzg5MA==")
			.attributes(Map.of("registration_id", "official-account", "code_verifier",
					"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "nonce", "n-0S6_WzA2Mj"))
			.additionalParameters(Map.of("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
					"code_challenge_method", "S256", "nonce", "aGFzaGVkLW5vbmNl"));
	}

	OAuth2AuthorizationRequest customized(OAuth2AuthorizationRequest.Builder builder) {
		this.customizer.accept(builder);
		return builder.build();
	}

	static List<String> parameterNames(String uri) {
		List<String> names = new ArrayList<>();
		for (String pair : URI.create(uri).getRawQuery().split("&")) {
			names.add(pair.substring(0, pair.indexOf('=')));
		}
		return names;
	}

	static String rawParameter(String uri, String name) {
		return UriComponentsBuilder.fromUriString(uri).build(true).getQueryParams().getFirst(name);
	}

	@Test
	void acceptWhenPkceAndNonceThenNoneOfThemSent() {
		String uri = customized(standard(REDIRECT_URI)).getAuthorizationRequestUri();

		assertThat(parameterNames(uri)).doesNotContain("client_id", "code_challenge", "code_challenge_method", "nonce");
		assertThat(uri).doesNotContain("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "aGFzaGVkLW5vbmNl", "S256");
	}

	@Test
	void acceptThenAppidInsteadOfClientIdAndWeChatsOrder() {
		String uri = customized(standard(REDIRECT_URI)).getAuthorizationRequestUri();

		assertThat(parameterNames(uri)).containsExactly("appid", "redirect_uri", "response_type", "scope", "state");
		assertThat(rawParameter(uri, "appid")).isEqualTo(APPID);
		assertThat(rawParameter(uri, "response_type")).isEqualTo("code");
		assertThat(rawParameter(uri, "scope")).isEqualTo("snsapi_userinfo");
		assertThat(UriUtils.decode(rawParameter(uri, "state"), StandardCharsets.UTF_8))
			.isEqualTo("c3RhdGUtMTIzNDU2Nzg5MA==");
	}

	@Test
	void acceptThenRedirectUriPercentEncodedWholeAndWeChatRedirectFragment() {
		String uri = customized(standard(REDIRECT_URI)).getAuthorizationRequestUri();

		assertThat(uri).isEqualTo("https://open.weixin.qq.com/connect/oauth2/authorize?appid=" + APPID
				+ "&redirect_uri=http%3A%2F%2Fid.example.com%3A8080%2Flogin%2Foauth2%2Fcode%2Fofficial-account"
				+ "&response_type=code&scope=snsapi_userinfo&state=c3RhdGUtMTIzNDU2Nzg5MA%3D%3D#wechat_redirect");
		assertThat(uri).endsWith("#wechat_redirect");
	}

	@Test
	void acceptWhenRedirectUriHasItsOwnQueryThenItRoundTripsWhole() {
		String redirectUri = "https://id.example.com/login/oauth2/code/website?from=qr&lang=zh_CN";

		String uri = customized(standard(redirectUri)).getAuthorizationRequestUri();

		assertThat(rawParameter(uri, "redirect_uri"))
			.isEqualTo("https%3A%2F%2Fid.example.com%2Flogin%2Foauth2%2Fcode%2Fwebsite%3Ffrom%3Dqr%26lang%3Dzh_CN");
		assertThat(UriUtils.decode(rawParameter(uri, "redirect_uri"), StandardCharsets.UTF_8)).isEqualTo(redirectUri);
		assertThat(parameterNames(uri)).containsExactly("appid", "redirect_uri", "response_type", "scope", "state");
	}

	@Test
	void acceptWhenOtherParametersThenAfterWeChatsOwn() {
		OAuth2AuthorizationRequest.Builder builder = standard(REDIRECT_URI)
			.additionalParameters(Map.of("forcePopup", "true"));

		String uri = customized(builder).getAuthorizationRequestUri();

		assertThat(parameterNames(uri)).containsExactly("appid", "redirect_uri", "response_type", "scope", "state",
				"forcePopup");
		assertThat(uri).endsWith("&forcePopup=true#wechat_redirect");
	}

	@Test
	void acceptWhenAppliedByTheResolverWithPkceRequiredThenWeChatsUri() {
		ClientRegistration website = ClientRegistration.withRegistrationId("website")
			.clientId("wxd0000000000000a1")
			.clientSecret("website-secret")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.scope("openid", "snsapi_login")
			.authorizationUri("https://open.weixin.qq.com/connect/qrconnect")
			.tokenUri("https://api.weixin.qq.com/sns/oauth2/access_token")
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.build();
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
				new InMemoryClientRegistrationRepository(website), "/oauth2/authorization");
		resolver.setAuthorizationRequestCustomizer(this.customizer);
		MockHttpServletRequest browser = new MockHttpServletRequest("GET", "/oauth2/authorization/website");
		browser.setServerName("id.example.com");
		browser.setServerPort(80);

		OAuth2AuthorizationRequest request = resolver.resolve(browser);

		assertThat(request.getAttributes()).containsKeys("code_verifier", "nonce");
		String uri = request.getAuthorizationRequestUri();
		assertThat(uri).startsWith("https://open.weixin.qq.com/connect/qrconnect?appid=wxd0000000000000a1"
				+ "&redirect_uri=http%3A%2F%2Fid.example.com%2Flogin%2Foauth2%2Fcode%2Fwebsite&response_type=code&scope=")
			.endsWith("#wechat_redirect");
		assertThat(parameterNames(uri)).containsExactly("appid", "redirect_uri", "response_type", "scope", "state");
		assertThat(rawParameter(uri, "state")).isNotEmpty();
	}

}
