package dev.wxauth.server.authorization;

import dev.wxauth.server.metrics.MeterCache;
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

	private final MeterCache<Counter> codeReplays;

	private final MeterCache<Counter> refreshTokenReuses;

	private final MeterCache<Counter> introspections;

	public CredentialMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		this.codeReplays = new MeterCache<>((tags) -> Counter.builder("wxauth.authorization.code.replays")
			.tag("client", tags.get(0))
			.register(registry));
		this.refreshTokenReuses = new MeterCache<>((tags) -> Counter.builder("wxauth.refresh.token.reuses")
			.tag("client", tags.get(0))
			.tag("action", tags.get(1))
			.register(registry));
		this.introspections = new MeterCache<>((tags) -> Counter.builder("wxauth.token.introspections")
			.tag("client", tags.get(0))
			.tag("active", tags.get(1))
			.register(registry));
	}

	void codeReplayed(Authentication grant) {
		this.codeReplays.get(clientId(grant)).increment();
	}

	/** @param revoked whether the grant's tokens were revoked (past the grace period), or the request only refused */
	void refreshTokenReused(String clientId, boolean revoked) {
		this.refreshTokenReuses.get(clientId, revoked ? "revoked" : "refused").increment();
	}

	void introspected(String clientId, boolean active) {
		this.introspections.get(clientId, Boolean.toString(active)).increment();
	}

	/** The authenticated client of a token request, {@code none} when there is none. */
	static String clientId(@Nullable Authentication grant) {
		return (grant != null && grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getRegisteredClient() != null) ? client.getRegisteredClient().getClientId() : "none";
	}

}
