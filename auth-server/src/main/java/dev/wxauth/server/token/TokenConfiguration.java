package dev.wxauth.server.token;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import dev.wxauth.server.federation.UserClaims;
import dev.wxauth.server.oauth2.AuthorizationServerContribution;
import dev.wxauth.server.oauth2.OAuth2ErrorResponses;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What our tokens and userinfo say: the token generator every grant shares (so that every token gets the same
 * claims), userinfo's claims, and the default scopes of a client credentials request.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	@Bean
	TokenMetrics tokenMetrics(MeterRegistry registry) {
		return new TokenMetrics(registry);
	}

	@Bean
	OAuth2TokenGenerator<OAuth2Token> tokenGenerator(JwtEncoder jwtEncoder, UserClaims userClaims,
			TokenMetrics metrics) {
		JwtGenerator jwtGenerator = new JwtGenerator(jwtEncoder);
		jwtGenerator.setJwtCustomizer(new TokenClaimsCustomizer(userClaims));
		return metrics.countingIssued(new DelegatingOAuth2TokenGenerator(jwtGenerator, new OAuth2AccessTokenGenerator(),
				new OAuth2RefreshTokenGenerator()));
	}

	/** Every token request timed, after admission control and before anything else of ours. */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> tokenEndpointTimer(TokenMetrics metrics,
			AuthorizationServerSettings settings) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				metrics.tokenEndpointTimer());
		registration.addUrlPatterns(settings.getTokenEndpoint());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	@Bean
	AuthorizationServerContribution tokenContents(UserClaims userClaims, TokenMetrics metrics) {
		// @formatter:off
		return (authorizationServer) -> authorizationServer
			.tokenEndpoint((token) -> token.accessTokenRequestConverter(new DefaultScopesClientCredentialsConverter()))
			.tokenRevocationEndpoint((revocation) -> revocation.revocationResponseHandler(metrics.countingRevocations()))
			.oidc((oidc) -> oidc.userInfoEndpoint((userInfo) -> userInfo
				.userInfoMapper(userInfoMapper(userClaims))
				// the framework's answer has the reason in its body only; RFC 6750 §3 wants it in WWW-Authenticate
				.errorResponseHandler((request, response, exception) -> OAuth2ErrorResponses.writeBearerRefusal(
						((OAuth2AuthenticationException) exception).getError(), response))));
		// @formatter:on
	}

	/**
	 * Userinfo (OIDC Core §5.3): {@code sub} plus the person's claims for the scopes the access token carries.
	 */
	private static Function<OidcUserInfoAuthenticationContext, OidcUserInfo> userInfoMapper(UserClaims userClaims) {
		return (context) -> {
			OAuth2Authorization authorization = context.getAuthorization();
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put(StandardClaimNames.SUB, authorization.getPrincipalName());
			Authentication principal = authorization.getAttribute(Principal.class.getName());
			if (principal != null) {
				claims.putAll(userClaims.claims(principal, context.getAccessToken().getScopes()));
			}
			return new OidcUserInfo(claims);
		};
	}

}
