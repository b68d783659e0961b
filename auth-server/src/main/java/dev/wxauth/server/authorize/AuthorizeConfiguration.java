package dev.wxauth.server.authorize;

import java.time.Clock;

import dev.wxauth.server.oauth2.AuthorizationServerContribution;
import dev.wxauth.server.oauth2.ServerMetadataContribution;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * The authorization endpoint's rules beyond the framework's: {@code iss} on every response (RFC 9207), how recent a
 * login a request accepts ({@code prompt}, {@code max_age}), the refusals a client is told at its redirect URI, a
 * consent denied whatever was allowed before, and pushed authorization requests (RFC 9126), which a client may be
 * required to use.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizeConfiguration {

	@Bean
	AuthorizationResponses authorizationResponses(AuthorizationServerSettings settings) {
		return new AuthorizationResponses(settings.getIssuer());
	}

	@Bean
	AuthorizationServerContribution authorizationEndpointRules(AuthorizationResponses responses,
			RegisteredClientRepository clients) {
		// @formatter:off
		return (authorizationServer) -> authorizationServer.authorizationEndpoint((authorization) -> authorization
			.authorizationResponseHandler(responses::sendCode)
			.errorResponseHandler(responses::sendError)
			.authorizationRequestConverter(new RefusalsBeforeTheFramework(clients))
			.authenticationProviders((providers) -> providers.forEach((provider) -> {
				if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequests) {
					// after the framework's checks of the redirect URI and the scopes, so that its refusals are told there
					codeRequests.setAuthenticationValidator(new OAuth2AuthorizationCodeRequestAuthenticationValidator()
						.andThen(AuthorizationRequestRules::check));
				}
				if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consents) {
					consents.setAuthorizationConsentCustomizer(ConsentDenials::refuseWhenNothingAllowed);
				}
			})))
			.pushedAuthorizationRequestEndpoint((pushed) -> pushed
				.authenticationProviders((providers) -> providers.forEach((provider) -> {
					if (provider instanceof OAuth2PushedAuthorizationRequestAuthenticationProvider pushedRequests) {
						pushedRequests.setAuthenticationValidator(new OAuth2AuthorizationCodeRequestAuthenticationValidator()
							.andThen(AuthorizationRequestRules::checkPushed));
					}
				})));
		// @formatter:on
	}

	@Bean
	ServerMetadataContribution issuerIdentification() {
		return (metadata) -> metadata.put("authorization_response_iss_parameter_supported", true);
	}

	@Bean
	LoginFreshness loginFreshness(RegisteredClientRepository clients, AuthorizationResponses responses,
			RequestCache requestCache) {
		return new LoginFreshness(clients, responses, requestCache, Clock.systemUTC());
	}

}
