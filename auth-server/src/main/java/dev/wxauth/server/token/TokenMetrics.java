package dev.wxauth.server.token;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.metrics.MeterCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What wxauth counts about the tokens it issues, by grant type and client: access tokens issued, revocations, and
 * the token endpoint's latency by grant type and HTTP status. Timed by a filter of its own rather than Spring's
 * observation of every request, which cost the token endpoint a fifth of its throughput.
 */
final class TokenMetrics {

	/** Buckets of the latency histogram: a client-credentials token well below the first, a WeChat login in the middle. */
	private static final Duration[] LATENCY_BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10),
			Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
			Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5) };

	/** The grant types a tag may name; anything else a client sends is {@code other}. */
	private static final Set<String> GRANT_TYPES = Stream
		.concat(Stream.of(AuthorizationGrantType.AUTHORIZATION_CODE, AuthorizationGrantType.REFRESH_TOKEN,
				AuthorizationGrantType.CLIENT_CREDENTIALS, AuthorizationGrantType.DEVICE_CODE,
				AuthorizationGrantType.TOKEN_EXCHANGE, AuthorizationGrantType.JWT_BEARER),
				WeChatGrantTypes.ALL.stream())
		.map(AuthorizationGrantType::getValue)
		.collect(Collectors.toUnmodifiableSet());

	private final MeterCache<Counter> issued;

	private final MeterCache<Counter> revocations;

	private final MeterCache<Timer> requests;

	TokenMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		this.issued = new MeterCache<>((tags) -> Counter.builder("wxauth.tokens.issued")
			.tag("grant_type", tags.get(0))
			.tag("client", tags.get(1))
			.register(registry));
		this.revocations = new MeterCache<>(
				(tags) -> Counter.builder("wxauth.token.revocations").tag("client", tags.get(0)).register(registry));
		this.requests = new MeterCache<>((tags) -> Timer.builder("wxauth.token.requests")
			.tag("grant_type", tags.get(0))
			.tag("status", tags.get(1))
			.serviceLevelObjectives(LATENCY_BUCKETS)
			.register(registry));
	}

	/** The token generator, counting each access token it makes ({@code wxauth_tokens_issued_total}). */
	OAuth2TokenGenerator<OAuth2Token> countingIssued(OAuth2TokenGenerator<OAuth2Token> generator) {
		return (context) -> {
			OAuth2Token token = generator.generate(context);
			if (token != null && OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				this.issued
					.get(grantType(context.getAuthorizationGrantType().getValue()),
							context.getRegisteredClient().getClientId())
					.increment();
			}
			return token;
		};
	}

	/** The revocation endpoint's answer (RFC 7009 §2.2: 200, whatever the token was), counted by client. */
	AuthenticationSuccessHandler countingRevocations() {
		return (request, response, authentication) -> {
			this.revocations.get(clientId(authentication)).increment();
			response.setStatus(HttpStatus.OK.value());
		};
	}

	/** Times each request to the token endpoint, from the first filter after admission to the answer. */
	OncePerRequestFilter tokenEndpointTimer() {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				long start = System.nanoTime();
				try {
					chain.doFilter(request, response);
				}
				finally {
					TokenMetrics.this.requests
						.get(grantType(request.getParameter(OAuth2ParameterNames.GRANT_TYPE)),
								Integer.toString(response.getStatus()))
						.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				}
			}

		};
	}

	private static String grantType(@Nullable String value) {
		return (value != null && GRANT_TYPES.contains(value)) ? value : "other";
	}

	private static String clientId(Authentication authentication) {
		return (authentication instanceof OAuth2TokenRevocationAuthenticationToken revocation
				&& revocation.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getRegisteredClient() != null) ? client.getRegisteredClient().getClientId() : "none";
	}

}
