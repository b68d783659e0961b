package dev.wxauth.server.authorization;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.util.Assert;

/**
 * Lets an authorization code buy tokens once, also when its redemptions arrive together (RFC 6749 §4.1.2). The
 * framework's code grant reads the authorization, checks that its code is unused, signs the tokens and saves: two
 * simultaneous requests both read the code unused and both get tokens, and every one of their JWT access tokens
 * stays valid at every resource server until it expires. Before the framework runs, the code is claimed by one
 * conditional update; only the request that claims it goes on.
 * <p>
 * A request that finds the code claimed goes on to the framework only when the code it reads is already spent: then
 * the framework revokes the tokens the code bought, as it does for any replay. A code still unspent in that read
 * belongs to a redemption in flight, and is refused outright: the framework would take it for unused.
 * <p>
 * Like Keycloak, we spend a code on its first presentation, even one the framework goes on to refuse (a wrong
 * {@code redirect_uri}, a wrong client): the client must not present a code twice, and a person only has to sign in
 * again.
 */
public final class SingleUseAuthorizationCodes implements AuthenticationProvider {

	private static final String CLAIM = "UPDATE oauth2_authorization SET authorization_code_redeemed_at = now()"
			+ " WHERE authorization_code_value = ? AND authorization_code_redeemed_at IS NULL";

	private static final OAuth2TokenType AUTHORIZATION_CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private final AuthenticationProvider delegate;

	private final OAuth2AuthorizationService authorizations;

	private final JdbcOperations jdbc;

	private final CredentialMetrics metrics;

	public SingleUseAuthorizationCodes(AuthenticationProvider delegate, OAuth2AuthorizationService authorizations,
			JdbcOperations jdbc, CredentialMetrics metrics) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		this.delegate = delegate;
		this.authorizations = authorizations;
		this.jdbc = jdbc;
		this.metrics = metrics;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String code = ((OAuth2AuthorizationCodeAuthenticationToken) authentication).getCode();
		if (this.jdbc.update(CLAIM, code) == 1) {
			return this.delegate.authenticate(authentication);
		}
		this.metrics.codeReplayed(authentication);
		if (isSpent(code)) {
			return this.delegate.authenticate(authentication);
		}
		throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
	}

	private boolean isSpent(String code) {
		OAuth2Authorization authorization = this.authorizations.findByToken(code, AUTHORIZATION_CODE);
		OAuth2Authorization.Token<OAuth2AuthorizationCode> authorizationCode = (authorization != null)
				? authorization.getToken(OAuth2AuthorizationCode.class) : null;
		return authorizationCode != null && authorizationCode.isInvalidated();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

	/**
	 * A client authentication that spends the code when it refuses the code's PKCE verifier. The framework checks
	 * the verifier while it authenticates the client, before the code grant claims the code, so a refused verifier
	 * left the code usable: one more guess for whoever holds a stolen code (RFC 9700 §2.1.1).
	 */
	public static AuthenticationProvider spentOnRefusal(AuthenticationProvider clientAuthentication,
			JdbcOperations jdbc) {
		return new AuthenticationProvider() {

			@Override
			public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
				try {
					return clientAuthentication.authenticate(authentication);
				}
				catch (OAuth2AuthenticationException ex) {
					if (OAuth2ErrorCodes.INVALID_GRANT.equals(ex.getError().getErrorCode())
							&& authentication instanceof OAuth2ClientAuthenticationToken client
							&& AuthorizationGrantType.AUTHORIZATION_CODE.getValue()
								.equals(client.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE))
							&& client.getAdditionalParameters().get(OAuth2ParameterNames.CODE) instanceof String code) {
						jdbc.update(CLAIM, code);
					}
					throw ex;
				}
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return clientAuthentication.supports(authentication);
			}

		};
	}

}
