package dev.wxauth.server.authorization;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.util.Assert;

/**
 * What happens to the credentials we issued, by client: authorization codes presented again, rotated-out refresh
 * tokens presented again (and whether that revoked their grant), introspections and how they answered.
 */
public final class CredentialMetrics {

	private final MeterRegistry registry;

	public CredentialMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		this.registry = registry;
	}

	void codeReplayed(Authentication grant) {
		Counter.builder("wxauth.authorization.code.replays").tag("client", clientId(grant)).register(this.registry)
			.increment();
	}

	/** @param revoked whether the grant's tokens were revoked (past the grace period), or the request only refused */
	void refreshTokenReused(String clientId, boolean revoked) {
		Counter.builder("wxauth.refresh.token.reuses")
			.tag("client", clientId)
			.tag("action", revoked ? "revoked" : "refused")
			.register(this.registry)
			.increment();
	}

	void introspected(String clientId, boolean active) {
		Counter.builder("wxauth.token.introspections")
			.tag("client", clientId)
			.tag("active", Boolean.toString(active))
			.register(this.registry)
			.increment();
	}

	/** The authenticated client of a token request, {@code none} when there is none. */
	static String clientId(@Nullable Authentication grant) {
		return (grant != null && grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getRegisteredClient() != null) ? client.getRegisteredClient().getClientId() : "none";
	}

}
