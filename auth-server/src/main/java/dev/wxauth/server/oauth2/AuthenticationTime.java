package dev.wxauth.server.oauth2;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * When a person last signed in ({@code auth_time}, OpenID Connect Core §2): the latest factor of their
 * authentication, as Spring Security 7 records each one.
 */
public final class AuthenticationTime {

	private AuthenticationTime() {
	}

	public static Optional<Instant> of(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.filter(FactorGrantedAuthority.class::isInstance)
			.map((authority) -> ((FactorGrantedAuthority) authority).getIssuedAt())
			.max(Comparator.naturalOrder());
	}

}
