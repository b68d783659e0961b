package dev.wxauth.server.authorize;

import java.util.Collection;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;

/**
 * A consent answer that allows no scope is a refusal (RFC 6749 §4.1.2.1, {@code access_denied}), whatever the person
 * allowed the client before. The framework adds the scopes of the earlier consent to every answer, so an answer of
 * "nothing" from someone who once allowed a scope would get the client a code, for those scopes or none: here it
 * refuses, and the framework forgets the earlier consent as it does for any refusal. The next request asks again.
 */
final class ConsentDenials {

	private ConsentDenials() {
	}

	static void refuseWhenNothingAllowed(OAuth2AuthorizationConsentAuthenticationContext context) {
		OAuth2AuthorizationConsentAuthenticationToken answer = context.getAuthentication();
		if (answer.getScopes().isEmpty()) {
			// no authority left: the framework's refusal
			context.getAuthorizationConsent().authorities(Collection::clear);
		}
	}

}
