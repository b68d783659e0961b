package dev.wxauth.server.logout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.util.Assert;

/**
 * Signs Logout Tokens (OpenID Connect Back-Channel Logout 1.0 §2.4) with the key that signs every other token of
 * ours: {@code typ} {@code logout+jwt}, the session's {@code sid} and the person's {@code sub}, the back-channel
 * logout event, and never a {@code nonce}. A token lives two minutes: each delivery attempt signs its own.
 *
 * @see <a href="https://openid.net/specs/openid-connect-backchannel-1_0.html#LogoutToken">Back-Channel Logout
 * §2.4</a>
 */
final class LogoutTokens {

	static final String BACK_CHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	static final Duration LIFETIME = Duration.ofMinutes(2);

	private static final JwsHeader HEADER = JwsHeader.with(SignatureAlgorithm.RS256).type("logout+jwt").build();

	private final JwtEncoder encoder;

	private final String issuer;

	private final Clock clock;

	LogoutTokens(JwtEncoder encoder, String issuer, Clock clock) {
		Assert.notNull(encoder, "encoder cannot be null");
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.notNull(clock, "clock cannot be null");
		this.encoder = encoder;
		this.issuer = issuer;
		this.clock = clock;
	}

	/** A logout token telling {@code clientId} that the person {@code subject}'s session {@code sid} ended. */
	String sign(String clientId, String subject, String sid) {
		Instant now = this.clock.instant();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.issuer)
			.audience(List.of(clientId))
			.issuedAt(now)
			.expiresAt(now.plus(LIFETIME))
			.id(UUID.randomUUID().toString())
			.subject(subject)
			.claim("sid", sid)
			.claim("events", Map.of(BACK_CHANNEL_LOGOUT_EVENT, Map.of()))
			.build();
		return this.encoder.encode(JwtEncoderParameters.from(HEADER, claims)).getTokenValue();
	}

}
