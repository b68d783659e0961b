package dev.wxauth.server.authorization;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.wxauth.server.crypto.Sha256;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

/**
 * Rotating refresh tokens used once, with reuse detection (RFC 9700 §4.14.2). The framework rotates a refresh token by
 * read, check, sign, save, and forgets the old one: two simultaneous refreshes with one token both got tokens, and a
 * stolen token presented after its rotation was merely unknown. Here each exchange first records the token's hash
 * (one insert, its primary key the arbiter), so that:
 * <ul>
 * <li>of simultaneous refreshes with one token, only the first goes on;</li>
 * <li>a rotated-out token presented again revokes the grant's current refresh and access tokens: the client and a
 * thief both hold it, and nobody can tell which one is presenting it.</li>
 * </ul>
 * Within the grace period of its rotation, a rotated-out token is only refused: an app that refreshes from several
 * requests at once, or retries a refresh whose answer it lost, must not lose its sign-in for it (Okta allows the
 * same grace).
 * A refresh the framework refuses (a scope never granted, another client) forgets its record, so that the rightful
 * client can still use the token. Clients whose refresh tokens do not rotate ({@code reuseRefreshTokens}) are left to
 * the framework.
 */
public final class SingleUseRefreshTokens implements AuthenticationProvider {

	private static final Log logger = LogFactory.getLog(SingleUseRefreshTokens.class);

	private static final String RECORD_USE = "INSERT INTO oauth2_refresh_token_uses (token_hash, authorization_id)"
			+ " VALUES (?, ?) ON CONFLICT DO NOTHING";

	private static final String FORGET_USE = "DELETE FROM oauth2_refresh_token_uses WHERE token_hash = ?";


	private static final String USE = "SELECT authorization_id, used_at > now() - make_interval(secs => ?) AS recent"
			+ " FROM oauth2_refresh_token_uses WHERE token_hash = ?";

	private final AuthenticationProvider delegate;

	private final OAuth2AuthorizationService authorizations;

	private final JdbcOperations jdbc;

	private final CredentialMetrics metrics;

	private final Duration grace;

	/** @param grace how long after its rotation a rotated-out token is only refused; later, the grant is revoked */
	public SingleUseRefreshTokens(AuthenticationProvider delegate, OAuth2AuthorizationService authorizations,
			JdbcOperations jdbc, CredentialMetrics metrics, Duration grace) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		this.delegate = delegate;
		this.authorizations = authorizations;
		this.jdbc = jdbc;
		this.metrics = metrics;
		this.grace = grace;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2RefreshTokenAuthenticationToken grant = (OAuth2RefreshTokenAuthenticationToken) authentication;
		RegisteredClient client = (grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)
				? clientPrincipal.getRegisteredClient() : null;
		if (client == null) {
			return this.delegate.authenticate(authentication);
		}
		if (client.getTokenSettings().isReuseRefreshTokens()) {
			if (isPublicWithoutProof(grant)) {
				requireProofWhenBound(this.authorizations.findByToken(grant.getRefreshToken(),
						OAuth2TokenType.REFRESH_TOKEN));
			}
			return this.delegate.authenticate(authentication);
		}
		byte[] tokenHash = Sha256.of(grant.getRefreshToken());
		OAuth2Authorization current = this.authorizations.findByToken(grant.getRefreshToken(),
				OAuth2TokenType.REFRESH_TOKEN);
		if (isPublicWithoutProof(grant)) {
			// refused before the use is recorded: the token stays usable with a proof
			requireProofWhenBound(current);
		}
		if (current == null) {
			Use use = use(tokenHash);
			if (use == null) {
				return this.delegate.authenticate(authentication);
			}
			this.metrics.refreshTokenReused(client.getClientId(), !use.recent());
			if (!use.recent()) {
				logger.warn("A rotated-out refresh token was presented again by client " + client.getClientId()
						+ ": its grant's tokens are revoked");
				revoke(use.authorizationId());
			}
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
		}
		if (this.jdbc.update(RECORD_USE, tokenHash, current.getId()) == 0) {
			// another refresh with this token is in flight
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
		}
		try {
			return this.delegate.authenticate(authentication);
		}
		catch (RuntimeException ex) {
			this.jdbc.update(FORGET_USE, (Object) tokenHash);
			throw ex;
		}
	}

	private static boolean isPublicWithoutProof(OAuth2RefreshTokenAuthenticationToken grant) {
		return grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal
				&& ClientAuthenticationMethod.NONE.equals(clientPrincipal.getClientAuthenticationMethod())
				&& !grant.getAdditionalParameters().containsKey("dpop_proof");
	}

	/**
	 * A public client's refresh token is bound to the key of its access token (RFC 9449 §5), so refreshing it takes a
	 * proof with that key. The framework checks the key of a proof that comes, but answers a refresh without one with
	 * unbound tokens: whoever stole the refresh token would not need the key.
	 */
	private static void requireProofWhenBound(@Nullable OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = (authorization != null)
				? authorization.getAccessToken() : null;
		if (accessToken != null && accessToken.getClaims() != null
				&& accessToken.getClaims().get("cnf") instanceof Map<?, ?> confirmation
				&& confirmation.containsKey("jkt")) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF,
					"This refresh token is bound to a DPoP key: send a proof made with it", null));
		}
	}

	private @Nullable Use use(byte[] tokenHash) {
		List<Use> uses = this.jdbc.query(USE,
				(row, i) -> new Use(row.getString("authorization_id"), row.getBoolean("recent")), this.grace.toSeconds(),
				tokenHash);
		return uses.isEmpty() ? null : uses.getFirst();
	}

	private void revoke(String authorizationId) {
		OAuth2Authorization authorization = this.authorizations.findById(authorizationId);
		OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken = (authorization != null)
				? authorization.getRefreshToken() : null;
		if (refreshToken != null && !refreshToken.isInvalidated()) {
			this.authorizations
				.save(OAuth2Authorization.from(authorization).invalidate(refreshToken.getToken()).build());
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

	private record Use(String authorizationId, boolean recent) {
	}

}
