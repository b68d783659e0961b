package dev.wxauth.server.grant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

import static dev.wxauth.server.testing.TestRegisteredClients.miniProgramClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading a mini-program grant's token request into its token: grant type, code and scope parameters.
 */
class MiniProgramGrantAuthenticationConverterTests {

	final MiniProgramGrantAuthenticationConverter converter = new MiniProgramGrantAuthenticationConverter();

	final Authentication clientPrincipal = new OAuth2ClientAuthenticationToken(miniProgramClient().build(),
			ClientAuthenticationMethod.NONE, null);

	@BeforeEach
	void setClientPrincipal() {
		SecurityContextHolder.getContext().setAuthentication(this.clientPrincipal);
	}

	@AfterEach
	void clearClientPrincipal() {
		SecurityContextHolder.clearContext();
	}

	static MockHttpServletRequest request(String... parameters) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		for (int i = 0; i < parameters.length; i += 2) {
			request.addParameter(parameters[i], parameters[i + 1]);
		}
		return request;
	}

	static MockHttpServletRequest grantRequest(String... parameters) {
		MockHttpServletRequest request = request(parameters);
		request.addParameter("grant_type", WeChatGrantTypes.MINI_PROGRAM.getValue());
		return request;
	}

	@Test
	void convertWhenOtherGrantTypeThenNull() {
		assertThat(this.converter.convert(request("grant_type", WeChatGrantTypes.MOBILE_APP.getValue(), "code", "c")))
			.isNull();
		assertThat(this.converter
			.convert(request("grant_type", AuthorizationGrantType.AUTHORIZATION_CODE.getValue(), "code", "c"))).isNull();
	}

	@Test
	void convertWhenNoGrantTypeThenNull() {
		assertThat(this.converter.convert(request("code", "c"))).isNull();
	}

	@Test
	void convertWhenCodeMissingThenInvalidRequest() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.converter.convert(grantRequest()))
			.satisfies((e) -> {
				assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_REQUEST);
				assertThat(e.getError().getDescription()).isEqualTo("OAuth 2.0 Parameter: code");
			});
	}

	@Test
	void convertWhenCodeEmptyThenInvalidRequest() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.converter.convert(grantRequest("code", "")))
			.satisfies((e) -> {
				assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_REQUEST);
				assertThat(e.getError().getDescription()).isEqualTo("OAuth 2.0 Parameter: code");
			});
	}

	@Test
	void convertWhenCodeRepeatedThenInvalidRequest() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.converter.convert(grantRequest("code", "c1", "code", "c2")))
			.satisfies((e) -> {
				assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_REQUEST);
				assertThat(e.getError().getDescription()).isEqualTo("OAuth 2.0 Parameter: code");
			});
	}

	@Test
	void convertWhenCodeLongerThanAnyWeChatCodeThenInvalidRequest() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.converter.convert(grantRequest("code", "x".repeat(100_000))))
			.satisfies((e) -> {
				assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_REQUEST);
				assertThat(e.getError().getDescription()).isEqualTo("OAuth 2.0 Parameter: code");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u7528\u6237", "code\ud800", "caf\u00e9", "tab\tin" })
	void convertWhenCodeIsNotPrintableAsciiThenInvalidRequest(String code) {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.converter.convert(grantRequest("code", code)))
			.satisfies((e) -> assertThat(e.getError().getDescription()).isEqualTo("OAuth 2.0 Parameter: code"));
	}

	@Test
	void convertWhenScopeTooLongThenInvalidRequest() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.converter.convert(grantRequest("code", "c", "scope", "openid ".repeat(100))))
			.satisfies((e) -> assertThat(e.getError().getDescription()).isEqualTo("OAuth 2.0 Parameter: scope"));
	}

	@Test
	void convertWhenScopeRepeatedThenInvalidRequest() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.converter.convert(grantRequest("code", "c", "scope", "openid", "scope", "profile")))
			.satisfies((e) -> {
				assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_REQUEST);
				assertThat(e.getError().getDescription()).isEqualTo("OAuth 2.0 Parameter: scope");
			});
	}

	@Test
	void convertWhenScopeRepeatedFirstEmptyThenInvalidRequest() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.converter.convert(grantRequest("code", "c", "scope", "", "scope", "openid")))
			.satisfies((e) -> {
				assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_REQUEST);
				assertThat(e.getError().getDescription()).isEqualTo("OAuth 2.0 Parameter: scope");
			});
	}

	@Test
	void convertWhenCodeAndScopeThenTokenWithCodeScopesAndClientPrincipal() {
		Authentication authentication = this.converter
			.convert(grantRequest("code", "the-code", "scope", " openid  profile\tapi.read "));

		assertThat(authentication).isExactlyInstanceOf(MiniProgramGrantAuthenticationToken.class);
		MiniProgramGrantAuthenticationToken token = (MiniProgramGrantAuthenticationToken) authentication;
		assertThat(token.getGrantType()).isEqualTo(WeChatGrantTypes.MINI_PROGRAM);
		assertThat(token.getCode()).isEqualTo("the-code");
		assertThat(token.getScopes()).containsExactly("openid", "profile", "api.read");
		assertThat(token.getPrincipal()).isSameAs(this.clientPrincipal);
		assertThat(token.isAuthenticated()).isFalse();
	}

	@Test
	void convertWhenNoScopeThenEmptyScopes() {
		MiniProgramGrantAuthenticationToken token = (MiniProgramGrantAuthenticationToken) this.converter
			.convert(grantRequest("code", "the-code"));

		assertThat(token.getScopes()).isEmpty();
		assertThat(token.getCode()).isEqualTo("the-code");
		assertThat(token.getPrincipal()).isSameAs(this.clientPrincipal);
	}

}
