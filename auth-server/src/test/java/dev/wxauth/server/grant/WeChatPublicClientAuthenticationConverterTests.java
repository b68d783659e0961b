package dev.wxauth.server.grant;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests are read as a client_id-only public client: our code grants and refreshes, and revocations, no other
 * credentials.
 */
class WeChatPublicClientAuthenticationConverterTests {

	final WeChatPublicClientAuthenticationConverter converter = new WeChatPublicClientAuthenticationConverter("/oauth2/revoke");

	static Stream<String> ourGrantTypes() {
		return Stream.of(WeChatGrantTypes.MINI_PROGRAM.getValue(), WeChatGrantTypes.MOBILE_APP.getValue(),
				AuthorizationGrantType.REFRESH_TOKEN.getValue());
	}

	static MockHttpServletRequest request(String... parameters) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		for (int i = 0; i < parameters.length; i += 2) {
			request.addParameter(parameters[i], parameters[i + 1]);
		}
		return request;
	}

	static MockHttpServletRequest miniProgramRequest(String... parameters) {
		MockHttpServletRequest request = request(parameters);
		request.addParameter("grant_type", WeChatGrantTypes.MINI_PROGRAM.getValue());
		request.addParameter("code", "wx-login-code");
		return request;
	}

	@Test
	void convertWhenRevocationWithClientIdOnlyThenPublicClient() {
		MockHttpServletRequest revocation = new MockHttpServletRequest("POST", "/oauth2/revoke");
		revocation.addParameter("client_id", "mini-client");
		revocation.addParameter("token", "a-refresh-token");

		assertThat(this.converter.convert(revocation)).isNotNull();
		revocation.addParameter("client_secret", "s");
		assertThat(this.converter.convert(revocation)).isNull();
	}

	@Test
	void convertWhenIntrospectionWithClientIdOnlyThenNull() {
		MockHttpServletRequest introspection = new MockHttpServletRequest("POST", "/oauth2/introspect");
		introspection.addParameter("client_id", "mini-client");
		introspection.addParameter("token", "a-token");

		assertThat(this.converter.convert(introspection)).isNull();
	}

	@Test
	void convertWhenNoGrantTypeThenNull() {
		assertThat(this.converter.convert(request("client_id", "mini-client", "code", "wx-login-code"))).isNull();
	}

	@Test
	void convertWhenOtherGrantTypeThenNull() {
		assertThat(this.converter.convert(request("grant_type", AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
				"client_id", "mini-client", "code", "c")))
			.isNull();
		assertThat(this.converter.convert(
				request("grant_type", AuthorizationGrantType.CLIENT_CREDENTIALS.getValue(), "client_id", "mini-client")))
			.isNull();
	}

	@Test
	void convertWhenAuthorizationHeaderThenNull() {
		MockHttpServletRequest request = miniProgramRequest("client_id", "mini-client");
		request.addHeader("Authorization", "Basic bWluaS1jbGllbnQ6c2VjcmV0");

		assertThat(this.converter.convert(request)).isNull();
	}

	@Test
	void convertWhenClientSecretThenNull() {
		assertThat(this.converter.convert(miniProgramRequest("client_id", "mini-client", "client_secret", "secret")))
			.isNull();
	}

	@Test
	void convertWhenClientAssertionThenNull() {
		assertThat(this.converter.convert(miniProgramRequest("client_id", "mini-client", "client_assertion_type",
				"urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion", "a.b.c")))
			.isNull();
	}

	@Test
	void convertWhenCodeVerifierThenNull() {
		assertThat(this.converter.convert(miniProgramRequest("client_id", "mini-client", "code_verifier",
				"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")))
			.isNull();
	}

	@Test
	void convertWhenClientIdMissingThenNull() {
		assertThat(this.converter.convert(miniProgramRequest())).isNull();
	}

	@Test
	void convertWhenClientIdBlankThenNull() {
		assertThat(this.converter.convert(miniProgramRequest("client_id", ""))).isNull();
		assertThat(this.converter.convert(miniProgramRequest("client_id", "  "))).isNull();
	}

	@Test
	void convertWhenClientIdRepeatedThenNull() {
		assertThat(this.converter.convert(miniProgramRequest("client_id", "mini-client", "client_id", "mini-client")))
			.isNull();
	}

	@ParameterizedTest
	@MethodSource("ourGrantTypes")
	void convertWhenOurGrantWithClientIdAloneThenNoneClientAuthenticationWithGrantTypeOnly(String grantType) {
		Authentication authentication = this.converter.convert(request("grant_type", grantType, "client_id",
				"mini-client", "code", "wx-login-code", "refresh_token", "r", "scope", "openid"));

		assertThat(authentication).isExactlyInstanceOf(OAuth2ClientAuthenticationToken.class);
		OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
		assertThat(client.getPrincipal()).isEqualTo("mini-client");
		assertThat(client.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.NONE);
		assertThat(client.getCredentials()).isNull();
		assertThat(client.getAdditionalParameters()).isEqualTo(Map.of("grant_type", grantType));
		assertThat(client.isAuthenticated()).isFalse();
	}

}
