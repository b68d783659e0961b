package dev.wxauth.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The user access and refresh tokens of {@code sns/oauth2}. A refresh token is not renewable: it lives 30 days
 * (180 for a mobile app) from the code exchange. Refreshing gives a new access token if the current one has
 * expired, otherwise the same one with a renewed expiry.
 */
@Component
final class SnsTokens implements Resettable {

	private final ConcurrentMap<String, AccessToken> accessTokens = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();

	private final Housekeeping housekeeping = new Housekeeping();

	private final EmulatorProperties.Lifetimes lifetimes;

	private final Clock clock;

	SnsTokens(EmulatorProperties properties, Clock clock) {
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.lifetimes = properties.lifetimes();
		this.clock = clock;
	}

	Duration accessTokenLifetime() {
		return this.lifetimes.snsAccessToken();
	}

	/** Issues a new pair for a redeemed code. */
	Issued issue(Session session) {
		Assert.notNull(session, "session cannot be null");
		Instant now = this.clock.instant();
		sweepIfDue(now);
		AccessToken accessToken = newAccessToken(session, now);
		Duration refreshLifetime = (session.app().kind() == AppKind.MOBILE_APP)
				? this.lifetimes.mobileAppRefreshToken() : this.lifetimes.refreshToken();
		RefreshToken refreshToken = new RefreshToken(RandomValues.token(), session, accessToken.value(),
				now.plus(refreshLifetime));
		this.refreshTokens.put(refreshToken.value(), refreshToken);
		return new Issued(accessToken, refreshToken);
	}

	Optional<AccessToken> accessToken(String value) {
		return Optional.ofNullable((value != null) ? this.accessTokens.get(value) : null);
	}

	boolean isExpired(AccessToken accessToken) {
		return !this.clock.instant().isBefore(accessToken.expiresAt());
	}

	/** Synchronized so that concurrent refreshes of one refresh token agree on the access token. */
	synchronized Refresh refresh(String appid, String refreshTokenValue) {
		RefreshToken refreshToken = (refreshTokenValue != null) ? this.refreshTokens.get(refreshTokenValue) : null;
		if (refreshToken == null || !refreshToken.session().app().appid().equals(appid)) {
			return RefreshRejection.UNKNOWN;
		}
		Instant now = this.clock.instant();
		if (!now.isBefore(refreshToken.expiresAt())) {
			return RefreshRejection.EXPIRED;
		}
		AccessToken current = this.accessTokens.get(refreshToken.accessToken());
		AccessToken accessToken;
		if (current != null && now.isBefore(current.expiresAt())) {
			accessToken = new AccessToken(current.value(), current.session(), now.plus(accessTokenLifetime()));
			this.accessTokens.put(accessToken.value(), accessToken);
		}
		else {
			accessToken = newAccessToken(refreshToken.session(), now);
			refreshToken = new RefreshToken(refreshToken.value(), refreshToken.session(), accessToken.value(),
					refreshToken.expiresAt());
			this.refreshTokens.put(refreshToken.value(), refreshToken);
		}
		return new Issued(accessToken, refreshToken);
	}

	private AccessToken newAccessToken(Session session, Instant now) {
		AccessToken accessToken = new AccessToken(RandomValues.token(), session, now.plus(accessTokenLifetime()));
		this.accessTokens.put(accessToken.value(), accessToken);
		return accessToken;
	}

	private void sweepIfDue(Instant now) {
		if (this.housekeeping.sweepDue(now)) {
			this.accessTokens.values().removeIf((token) -> Housekeeping.forgettable(token.expiresAt(), now));
			this.refreshTokens.values().removeIf((token) -> Housekeeping.forgettable(token.expiresAt(), now));
		}
	}

	@Override
	public void reset() {
		this.accessTokens.clear();
		this.refreshTokens.clear();
	}

	/**
	 * What a user authorized an app to see.
	 *
	 * @param app the app
	 * @param user the user
	 * @param scope the scope granted
	 * @param identity the ids the app sees
	 */
	record Session(WeChatApp app, TestUser user, String scope, Identity identity) {

		Session {
			Assert.notNull(app, "app cannot be null");
			Assert.notNull(user, "user cannot be null");
			Assert.hasText(scope, "scope cannot be empty");
			Assert.notNull(identity, "identity cannot be null");
		}

	}

	record AccessToken(String value, Session session, Instant expiresAt) {

		@Override
		public String toString() {
			return "AccessToken[app=" + this.session.app().appid() + ", expiresAt=" + this.expiresAt + "]";
		}

	}

	record RefreshToken(String value, Session session, String accessToken, Instant expiresAt) {

		@Override
		public String toString() {
			return "RefreshToken[app=" + this.session.app().appid() + ", expiresAt=" + this.expiresAt + "]";
		}

	}

	/** The outcome of a refresh. */
	sealed interface Refresh permits Issued, RefreshRejection {

	}

	record Issued(AccessToken accessToken, RefreshToken refreshToken) implements Refresh {

	}

	enum RefreshRejection implements Refresh {

		UNKNOWN, EXPIRED

	}

}
