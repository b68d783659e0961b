package dev.wxauth.server.grant;

import java.util.Map;
import java.util.stream.Stream;

import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.wechat.WeChatApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Which client_id-only requests authenticate: a registered public client bound to a WeChat app, at our grants only.
 */
class WeChatPublicClientAuthenticationProviderTests {

	final RegisteredClientRepository clients = mock();

	final WeChatPublicClientAuthenticationProvider provider = new WeChatPublicClientAuthenticationProvider(
			this.clients);

	static Stream<String> ourGrantTypes() {
		return Stream.of(WeChatGrantTypes.MINI_PROGRAM.getValue(), WeChatGrantTypes.MOBILE_APP.getValue(),
				AuthorizationGrantType.REFRESH_TOKEN.getValue());
	}

	static OAuth2ClientAuthenticationToken clientIdOnly(String clientId, String grantType) {
		return new OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.NONE, null,
				Map.of("grant_type", grantType));
	}

	OAuth2ClientAuthenticationToken registered(RegisteredClient client, String grantType) {
		given(this.clients.findByClientId(client.getClientId())).willReturn(client);
		return clientIdOnly(client.getClientId(), grantType);
	}

	@Test
	void constructorWhenClientsNullThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WeChatPublicClientAuthenticationProvider(null));
	}

	@Test
	void supportsWhenClientAuthenticationThenTrue() {
		assertThat(this.provider.supports(OAuth2ClientAuthenticationToken.class)).isTrue();
	}

	@Test
	void supportsWhenOtherAuthenticationThenFalse() {
		assertThat(this.provider.supports(TestingAuthenticationToken.class)).isFalse();
		assertThat(this.provider.supports(MiniProgramGrantAuthenticationToken.class)).isFalse();
	}

	@Test
	void authenticateWhenOtherAuthenticationMethodThenNull() {
		OAuth2ClientAuthenticationToken basic = new OAuth2ClientAuthenticationToken("mini-client",
				ClientAuthenticationMethod.CLIENT_SECRET_BASIC, "secret",
				Map.of("grant_type", WeChatGrantTypes.MINI_PROGRAM.getValue()));

		assertThat(this.provider.authenticate(basic)).isNull();
		verifyNoInteractions(this.clients);
	}

	@Test
	void authenticateWhenNoneWithoutGrantTypeThenNull() {
		OAuth2ClientAuthenticationToken none = new OAuth2ClientAuthenticationToken("device-client",
				ClientAuthenticationMethod.NONE, null, Map.of());

		assertThat(this.provider.authenticate(none)).isNull();
		verifyNoInteractions(this.clients);
	}

	@Test
	void authenticateWhenNoneAtThePkceCodeGrantThenNull() {
		OAuth2ClientAuthenticationToken pkce = new OAuth2ClientAuthenticationToken("spa-client",
				ClientAuthenticationMethod.NONE, null,
				Map.of("grant_type", AuthorizationGrantType.AUTHORIZATION_CODE.getValue(), "code", "c", "code_verifier",
						"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));

		assertThat(this.provider.authenticate(pkce)).isNull();
		verifyNoInteractions(this.clients);
	}

	@Test
	void authenticateWhenUnknownClientThenInvalidClient() {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider
				.authenticate(clientIdOnly("no-such-client", WeChatGrantTypes.MINI_PROGRAM.getValue())))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
	}

	@Test
	void authenticateWhenClientWithoutMethodNoneThenInvalidClient() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient()
			.clientAuthenticationMethods((methods) -> methods.remove(ClientAuthenticationMethod.NONE))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientSecret("{noop}secret")
			.build();

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(registered(client, WeChatGrantTypes.MINI_PROGRAM.getValue())))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
	}

	@Test
	void authenticateWhenClientNotBoundToAWeChatAppThenInvalidClient() {
		RegisteredClient client = TestRegisteredClients.publicClient()
			.authorizationGrantType(WeChatGrantTypes.MINI_PROGRAM)
			.build();

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(registered(client, WeChatGrantTypes.MINI_PROGRAM.getValue())))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
	}

	@Test
	void authenticateWhenClientBoundToABlankAppNameThenInvalidClient() {
		RegisteredClient client = TestRegisteredClients.mobileAppClient()
			.clientSettings(ClientSettings.builder().setting(WeChatApps.CLIENT_SETTING, " ").build())
			.build();

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(registered(client, WeChatGrantTypes.MOBILE_APP.getValue())))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
	}

	@ParameterizedTest
	@MethodSource("ourGrantTypes")
	void authenticateWhenBoundPublicClientThenAuthenticatedWithTheRegisteredClient(String grantType) {
		RegisteredClient client = TestRegisteredClients.miniProgramClient().build();

		Authentication authentication = this.provider.authenticate(registered(client, grantType));

		assertThat(authentication).isExactlyInstanceOf(OAuth2ClientAuthenticationToken.class);
		OAuth2ClientAuthenticationToken authenticated = (OAuth2ClientAuthenticationToken) authentication;
		assertThat(authenticated.isAuthenticated()).isTrue();
		assertThat(authenticated.getRegisteredClient()).isSameAs(client);
		assertThat(authenticated.getPrincipal()).isEqualTo(client.getClientId());
		assertThat(authenticated.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.NONE);
		assertThat(authenticated.getCredentials()).isNull();
	}

}
