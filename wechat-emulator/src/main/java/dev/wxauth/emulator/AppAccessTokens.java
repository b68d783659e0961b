package dev.wxauth.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * An app's own access tokens, from {@code cgi-bin/token} and {@code cgi-bin/stable_token}. The two are isolated:
 * <ul>
 * <li>{@code cgi-bin/token} issues a new token on every call; the previous ones stay valid for at most five more
 * minutes, so that other instances can switch over;</li>
 * <li>{@code cgi-bin/stable_token} returns the same token until five minutes before it expires (so
 * {@code expires_in} is at least 300), then a new one; {@code force_refresh} issues a new one at once and the old
 * one stops working.</li>
 * </ul>
 * Synchronized: every operation is a few map updates.
 */
@Component
final class AppAccessTokens implements Resettable {

	private static final Duration OVERLAP = Duration.ofMinutes(5);

	private final Map<String, Token> tokens = new HashMap<>();

	private final Housekeeping housekeeping = new Housekeeping();

	private final Duration lifetime;

	private final Clock clock;

	AppAccessTokens(EmulatorProperties properties, Clock clock) {
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.lifetime = properties.lifetimes().appAccessToken();
		this.clock = clock;
	}

	/** {@code cgi-bin/token}. */
	synchronized Token issue(WeChatApp app) {
		Assert.notNull(app, "app cannot be null");
		Instant now = this.clock.instant();
		Instant overlapEnd = now.plus(OVERLAP);
		this.tokens.replaceAll((value, token) -> (token.appid().equals(app.appid()) && !token.stable()
				&& token.expiresAt().isAfter(overlapEnd)) ? token.expiringAt(overlapEnd) : token);
		return add(app, false, now);
	}

	/** {@code cgi-bin/stable_token}. */
	synchronized Token stable(WeChatApp app, boolean forceRefresh) {
		Assert.notNull(app, "app cannot be null");
		Instant now = this.clock.instant();
		Optional<Token> current = this.tokens.values()
			.stream()
			.filter((token) -> token.appid().equals(app.appid()) && token.stable() && token.current())
			.findFirst();
		if (current.isPresent() && !forceRefresh && current.get().expiresAt().isAfter(now.plus(OVERLAP))) {
			return current.get();
		}
		current.ifPresent((token) -> {
			if (forceRefresh) {
				this.tokens.remove(token.value());
			}
			else {
				this.tokens.put(token.value(), token.superseded());
			}
		});
		return add(app, true, now);
	}

	/** The app whose unexpired token {@code value} is. */
	synchronized Optional<String> appidOf(String value) {
		Token token = (value != null) ? this.tokens.get(value) : null;
		if (token == null || !this.clock.instant().isBefore(token.expiresAt())) {
			return Optional.empty();
		}
		return Optional.of(token.appid());
	}

	/** Rounded up, so that a fresh token says 7200 rather than 7199. */
	long expiresInSeconds(Token token) {
		Duration remaining = Duration.between(this.clock.instant(), token.expiresAt());
		return remaining.toSeconds() + ((remaining.toNanosPart() > 0) ? 1 : 0);
	}

	private Token add(WeChatApp app, boolean stable, Instant now) {
		if (this.housekeeping.sweepDue(now)) {
			this.tokens.values().removeIf((token) -> Housekeeping.forgettable(token.expiresAt(), now));
		}
		Token token = new Token(RandomValues.token(), app.appid(), stable, true, now.plus(this.lifetime));
		this.tokens.put(token.value(), token);
		return token;
	}

	@Override
	public synchronized void reset() {
		this.tokens.clear();
	}

	/**
	 * One app access token.
	 *
	 * @param value the token
	 * @param appid the app it belongs to
	 * @param stable whether it came from {@code cgi-bin/stable_token}
	 * @param current whether {@code cgi-bin/stable_token} still hands it out
	 * @param expiresAt when it stops working
	 */
	record Token(String value, String appid, boolean stable, boolean current, Instant expiresAt) {

		Token expiringAt(Instant instant) {
			return new Token(this.value, this.appid, this.stable, this.current, instant);
		}

		Token superseded() {
			return new Token(this.value, this.appid, this.stable, false, this.expiresAt);
		}

		@Override
		public String toString() {
			return "Token[appid=" + this.appid + ", stable=" + this.stable + ", expiresAt=" + this.expiresAt + "]";
		}

	}

}
