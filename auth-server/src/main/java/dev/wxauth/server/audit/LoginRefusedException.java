package dev.wxauth.server.audit;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.Assert;

/**
 * A login refused by our own rules ({@code access_denied} to the client), which says which rule: what login events
 * and metrics show an operator, who cannot tell a disabled person from a login-only client by the RFC error.
 */
public final class LoginRefusedException extends OAuth2AuthenticationException {

	private final LoginOutcome outcome;

	public LoginRefusedException(LoginOutcome outcome, String description) {
		super(new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED, description, null), description);
		Assert.isTrue(outcome != LoginOutcome.SUCCESS, "a refusal cannot be a success");
		this.outcome = outcome;
	}

	public LoginOutcome outcome() {
		return this.outcome;
	}

}
