package dev.wxauth.server.grant;

import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wxauth.server.federation.LoginPolicy;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.wechat.AppKind;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;
import dev.wxauth.server.wechat.WeChatProperties;
import dev.wxauth.server.wechat.miniprogram.MiniProgramLogins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The mini-program grant's provider, mocks around it: refusals by error code, then sign-in, tokens and authorization.
 */
class MiniProgramGrantAuthenticationProviderTests {

	static final String CODE = "wx-login-code";

	final WeChatApps apps = new WeChatApps(new WeChatProperties(URI.create("https://open.weixin.qq.com"),
			URI.create("https://api.weixin.qq.com"), Duration.ofSeconds(5), false, Duration.ofDays(1),
			Map.of("mini-program", new WeChatProperties.App(AppKind.MINI_PROGRAM, "wx-mini", "mini-secret", null,
					null, null),
					"mobile-app", new WeChatProperties.App(AppKind.MOBILE_APP, "wx-app", "app-secret", null, null,
							null)), Duration.ofSeconds(2)));

	final WeChatApp miniProgram = this.apps.byName("mini-program").orElseThrow();

	final MiniProgramLogins miniPrograms = mock();

	final OAuth2TokenGenerator<OAuth2Token> tokenGenerator = mock();

	final OAuth2AuthorizationService authorizations = mock();

	final MiniProgramGrantAuthenticationProvider provider = new MiniProgramGrantAuthenticationProvider(this.apps,
			this.miniPrograms, new WeChatCodeGrantTokens(this.tokenGenerator, this.authorizations));

	final AuthorizationServerContext serverContext = mock();

	final OAuth2AuthenticationToken person = new OAuth2AuthenticationToken(
			new DefaultOAuth2User(AuthorityUtils.createAuthorityList("ROLE_USER"),
					Map.of("sub", "0b6a3f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"), "sub"),
			AuthorityUtils.createAuthorityList("ROLE_USER"), "mini-program");

	final List<OAuth2TokenContext> tokenContexts = new ArrayList<>();

	@BeforeEach
	void setUp() {
		AuthorizationServerContextHolder.setContext(this.serverContext);
		given(this.tokenGenerator.generate(any())).willAnswer((invocation) -> generate(invocation.getArgument(0)));
	}

	@AfterEach
	void resetContext() {
		AuthorizationServerContextHolder.resetContext();
	}

	OAuth2Token generate(OAuth2TokenContext context) {
		this.tokenContexts.add(context);
		Instant now = Instant.now();
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-token", now, now.plusSeconds(300));
		}
		if (OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
			return new OAuth2RefreshToken("refresh-token", now, now.plusSeconds(3600));
		}
		return Jwt.withTokenValue("id-token")
			.header("alg", "RS256")
			.subject(context.getPrincipal().getName())
			.issuedAt(now)
			.expiresAt(now.plusSeconds(300))
			.build();
	}

	static OAuth2ClientAuthenticationToken authenticated(RegisteredClient client) {
		return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
	}

	static MiniProgramGrantAuthenticationToken grant(RegisteredClient client, String... scopes) {
		return new MiniProgramGrantAuthenticationToken(authenticated(client), CODE, Set.of(scopes));
	}

	OAuth2Authorization savedAuthorization() {
		ArgumentCaptor<OAuth2Authorization> authorization = ArgumentCaptor.forClass(OAuth2Authorization.class);
		verify(this.authorizations).save(authorization.capture());
		return authorization.getValue();
	}

	void assertNothingCalled() {
		verifyNoInteractions(this.miniPrograms, this.tokenGenerator, this.authorizations);
	}

	@Test
	void constructorWhenAppsNullThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MiniProgramGrantAuthenticationProvider(null,
				this.miniPrograms, new WeChatCodeGrantTokens(this.tokenGenerator, this.authorizations)));
	}

	@Test
	void constructorWhenMiniProgramsNullThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MiniProgramGrantAuthenticationProvider(this.apps,
				null, new WeChatCodeGrantTokens(this.tokenGenerator, this.authorizations)));
	}

	@Test
	void constructorWhenTokensNullThenIllegalArgument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MiniProgramGrantAuthenticationProvider(this.apps, this.miniPrograms, null));
	}

	@Test
	void supportsWhenMiniProgramGrantThenTrue() {
		assertThat(this.provider.supports(MiniProgramGrantAuthenticationToken.class)).isTrue();
	}

	@Test
	void supportsWhenOtherTokenThenFalse() {
		assertThat(this.provider.supports(MobileAppGrantAuthenticationToken.class)).isFalse();
		assertThat(this.provider.supports(WeChatCodeGrantAuthenticationToken.class)).isFalse();
		assertThat(this.provider.supports(OAuth2ClientAuthenticationToken.class)).isFalse();
	}

	@Test
	void authenticateWhenClientNotAuthenticatedThenInvalidClient() {
		OAuth2ClientAuthenticationToken unauthenticated = new OAuth2ClientAuthenticationToken("mini-client",
				ClientAuthenticationMethod.NONE, null, Map.of());

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider
				.authenticate(new MiniProgramGrantAuthenticationToken(unauthenticated, CODE, Set.of())))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
		assertNothingCalled();
	}

	@Test
	void authenticateWhenPrincipalIsNotAClientThenInvalidClient() {
		TestingAuthenticationToken notAClient = new TestingAuthenticationToken("user", null, "ROLE_USER");

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(
					() -> this.provider.authenticate(new MiniProgramGrantAuthenticationToken(notAClient, CODE, Set.of())))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT));
		assertNothingCalled();
	}

	@Test
	void authenticateWhenClientLacksTheGrantThenUnauthorizedClient() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient()
			.authorizationGrantTypes((grantTypes) -> grantTypes.remove(WeChatGrantTypes.MINI_PROGRAM))
			.authorizationGrantType(WeChatGrantTypes.MOBILE_APP)
			.build();

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(grant(client)))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT));
		assertNothingCalled();
	}

	@Test
	void authenticateWhenClientNotBoundToAWeChatAppThenUnauthorizedClient() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient()
			.clientSettings(ClientSettings.builder().build())
			.build();

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(grant(client)))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT));
		assertNothingCalled();
	}

	@Test
	void authenticateWhenClientBoundToAnAppNotConfiguredThenUnauthorizedClient() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient()
			.clientSettings(ClientSettings.builder().setting(WeChatApps.CLIENT_SETTING, "retired-mini-program").build())
			.build();

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(grant(client)))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT));
		assertNothingCalled();
	}

	@Test
	void authenticateWhenClientBoundToAnotherKindOfAppThenUnauthorizedClient() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient()
			.clientSettings(ClientSettings.builder().setting(WeChatApps.CLIENT_SETTING, "mobile-app").build())
			.build();

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(grant(client)))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT));
		assertNothingCalled();
	}

	@Test
	void authenticateWhenScopeNotRegisteredThenInvalidScope() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient().build();

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(grant(client, "openid", "api.write")))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_SCOPE));
		assertNothingCalled();
	}

	@Test
	void authenticateWhenSignInFailsThenItsErrorPropagatesAndNothingSaved() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient().build();
		OAuth2AuthenticationException failure = new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "code been used", null));
		given(this.miniPrograms.signIn(any(), anyString(), anyString(), any(), any())).willThrow(failure);

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(grant(client, "openid")))
			.isSameAs(failure)
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_GRANT));
		verifyNoInteractions(this.tokenGenerator);
		verify(this.authorizations, never()).save(any());
	}

	@Test
	void authenticateWhenGeneratorGivesAnotherKindOfRefreshTokenThenServerErrorAndNothingSaved() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient().build();
		given(this.miniPrograms.signIn(this.miniProgram, client.getClientId(), CODE, LoginPolicy.SIGN_UP, null))
			.willReturn(this.person);
		willAnswer((invocation) -> {
			OAuth2TokenContext context = invocation.getArgument(0);
			return OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType()) ? new OAuth2AccessToken(
					OAuth2AccessToken.TokenType.BEARER, "not-a-refresh-token", Instant.now(),
					Instant.now().plusSeconds(60)) : generate(context);
		}).given(this.tokenGenerator).generate(any());

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.provider.authenticate(grant(client, "openid")))
			.satisfies((e) -> assertThat(e.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.SERVER_ERROR));
		verify(this.authorizations, never()).save(any());
	}

	@Test
	void authenticateWhenValidThenSignsInWithTheBoundAppAndTheCode() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient().build();
		given(this.miniPrograms.signIn(this.miniProgram, client.getClientId(), CODE, LoginPolicy.SIGN_UP, null))
			.willReturn(this.person);

		this.provider.authenticate(grant(client, "api.read"));

		verify(this.miniPrograms).signIn(this.miniProgram, client.getClientId(), CODE, LoginPolicy.SIGN_UP, null);
	}

	@Test
	void authenticateWhenValidThenTokensGeneratedForThePersonAndAuthorizationSavedOnce() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient().build();
		MiniProgramGrantAuthenticationToken grant = grant(client, "profile", "api.read");
		given(this.miniPrograms.signIn(this.miniProgram, client.getClientId(), CODE, LoginPolicy.SIGN_UP, null))
			.willReturn(this.person);

		OAuth2AccessTokenAuthenticationToken result = (OAuth2AccessTokenAuthenticationToken) this.provider
			.authenticate(grant);

		assertThat(result.getRegisteredClient()).isSameAs(client);
		assertThat(result.getPrincipal()).isSameAs(grant.getPrincipal());
		assertThat(result.getAccessToken().getTokenValue()).isEqualTo("access-token");
		assertThat(result.getAccessToken().getScopes()).containsExactlyInAnyOrder("profile", "api.read");
		assertThat(this.tokenContexts).allSatisfy((context) -> {
			assertThat(context.<Authentication>getPrincipal()).isSameAs(this.person);
			assertThat(context.getRegisteredClient()).isSameAs(client);
			assertThat(context.getAuthorizationGrantType()).isEqualTo(WeChatGrantTypes.MINI_PROGRAM);
			assertThat(context.<Authentication>getAuthorizationGrant()).isSameAs(grant);
			assertThat(context.getAuthorizedScopes()).containsExactlyInAnyOrder("profile", "api.read");
			assertThat(context.getAuthorizationServerContext()).isSameAs(this.serverContext);
		});
		OAuth2Authorization authorization = savedAuthorization();
		assertThat(authorization.getRegisteredClientId()).isEqualTo(client.getId());
		assertThat(authorization.getPrincipalName()).isEqualTo(this.person.getName());
		assertThat(authorization.<Authentication>getAttribute(Principal.class.getName())).isSameAs(this.person);
		assertThat(authorization.getAuthorizationGrantType()).isEqualTo(WeChatGrantTypes.MINI_PROGRAM);
		assertThat(authorization.getAuthorizedScopes()).containsExactlyInAnyOrder("profile", "api.read");
		assertThat(authorization.getAccessToken().getToken().getTokenValue()).isEqualTo("access-token");
	}

	@Test
	void authenticateWhenClientHasRefreshTokenGrantThenRefreshTokenIssuedAndSaved() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient().build();
		given(this.miniPrograms.signIn(this.miniProgram, client.getClientId(), CODE, LoginPolicy.SIGN_UP, null))
			.willReturn(this.person);

		OAuth2AccessTokenAuthenticationToken result = (OAuth2AccessTokenAuthenticationToken) this.provider
			.authenticate(grant(client, "api.read"));

		assertThat(result.getRefreshToken()).isNotNull();
		assertThat(result.getRefreshToken().getTokenValue()).isEqualTo("refresh-token");
		assertThat(savedAuthorization().getRefreshToken().getToken().getTokenValue()).isEqualTo("refresh-token");
	}

	@Test
	void authenticateWhenClientLacksRefreshTokenGrantThenNoRefreshToken() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient()
			.authorizationGrantTypes((grantTypes) -> grantTypes.remove(AuthorizationGrantType.REFRESH_TOKEN))
			.build();
		given(this.miniPrograms.signIn(this.miniProgram, client.getClientId(), CODE, LoginPolicy.SIGN_UP, null))
			.willReturn(this.person);

		OAuth2AccessTokenAuthenticationToken result = (OAuth2AccessTokenAuthenticationToken) this.provider
			.authenticate(grant(client, "api.read"));

		assertThat(result.getRefreshToken()).isNull();
		assertThat(savedAuthorization().getRefreshToken()).isNull();
		assertThat(this.tokenContexts).extracting(OAuth2TokenContext::getTokenType)
			.doesNotContain(OAuth2TokenType.REFRESH_TOKEN);
	}

	@Test
	void authenticateWhenScopeOpenidThenIdTokenIssuedAndSaved() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient().build();
		given(this.miniPrograms.signIn(this.miniProgram, client.getClientId(), CODE, LoginPolicy.SIGN_UP, null))
			.willReturn(this.person);

		OAuth2AccessTokenAuthenticationToken result = (OAuth2AccessTokenAuthenticationToken) this.provider
			.authenticate(grant(client, "openid", "profile"));

		assertThat(result.getAdditionalParameters()).isEqualTo(Map.of(OidcParameterNames.ID_TOKEN, "id-token"));
		OAuth2Authorization.Token<OidcIdToken> idToken = savedAuthorization().getToken(OidcIdToken.class);
		assertThat(idToken).isNotNull();
		assertThat(idToken.getToken().getSubject()).isEqualTo(this.person.getName());
	}

	@Test
	void authenticateWhenNoScopeOpenidThenNoIdToken() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient().build();
		given(this.miniPrograms.signIn(this.miniProgram, client.getClientId(), CODE, LoginPolicy.SIGN_UP, null))
			.willReturn(this.person);

		OAuth2AccessTokenAuthenticationToken result = (OAuth2AccessTokenAuthenticationToken) this.provider
			.authenticate(grant(client, "profile", "api.read"));

		assertThat(result.getAdditionalParameters()).doesNotContainKey(OidcParameterNames.ID_TOKEN);
		assertThat(savedAuthorization().getToken(OidcIdToken.class)).isNull();
		assertThat(this.tokenContexts).extracting((context) -> context.getTokenType().getValue())
			.doesNotContain(OidcParameterNames.ID_TOKEN);
	}

	@Test
	void authenticateWhenNoScopeRequestedThenAllTheClientsScopes() {
		RegisteredClient client = TestRegisteredClients.miniProgramClient().build();
		given(this.miniPrograms.signIn(this.miniProgram, client.getClientId(), CODE, LoginPolicy.SIGN_UP, null))
			.willReturn(this.person);

		OAuth2AccessTokenAuthenticationToken result = (OAuth2AccessTokenAuthenticationToken) this.provider
			.authenticate(grant(client));

		assertThat(result.getAccessToken().getScopes()).containsExactlyInAnyOrderElementsOf(client.getScopes());
		assertThat(savedAuthorization().getAuthorizedScopes()).containsExactlyInAnyOrderElementsOf(client.getScopes());
		assertThat(result.getAdditionalParameters()).containsKey(OidcParameterNames.ID_TOKEN);
	}

}
