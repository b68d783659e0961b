package dev.wxauth.server.wechat.miniprogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.wxauth.server.oauth2.TooManyRequestsError;
import dev.wxauth.server.properties.WxauthProperties;
import dev.wxauth.server.ratelimit.DailyQuotas;
import dev.wxauth.server.user.PersonalData;
import dev.wxauth.server.wechat.WeChatApp;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

/**
 * How many phone numbers may be asked of WeChat a day, which bills each request: per person and per mini-program,
 * counted on all instances together. A person's requests count against their WeChat identity (its
 * {@linkplain PersonalData#identityPseudonym pseudonym}) as well as against our id of them: someone a login has not
 * made a person yet has only the former, and a person who deleted themselves (or was unlinked) and comes back as
 * someone new the same day finds the day's count of their identity where they left it. Every request counts, those
 * WeChat then refuses included: each is a call; one that WeChat could not serve at all (busy, timed out) is given
 * back, so that retrying it costs nothing.
 */
final class PhoneNumberQuota {

	static final String PER_USER = "phone-numbers-per-user";

	static final String PER_APP = "phone-numbers-per-app";

	private final DailyQuotas quotas;

	private final WxauthProperties.RateLimits limits;

	PhoneNumberQuota(DailyQuotas quotas, WxauthProperties.RateLimits limits) {
		this.quotas = quotas;
		this.limits = limits;
	}

	/**
	 * Takes one request from the person's (by identity, and by our id when they have one) and the mini-program's
	 * quotas of today.
	 * @param userId our id of the person, or {@code null} for someone a login has not made a person yet
	 * @throws OAuth2AuthenticationException with a {@link TooManyRequestsError} when either is spent
	 */
	void take(@Nullable UUID userId, WeChatApp app, String openid) {
		Duration untilTomorrow = this.quotas.take(uses(userId, app, openid));
		if (untilTomorrow.isPositive()) {
			throw new OAuth2AuthenticationException(new TooManyRequestsError(
					"No more phone-number requests today for this person or this mini-program", untilTomorrow));
		}
	}

	/** Gives back what {@link #take} took, for a request WeChat could not serve at all (busy, timed out). */
	void giveBack(@Nullable UUID userId, WeChatApp app, String openid) {
		this.quotas.giveBack(uses(userId, app, openid));
	}

	private List<DailyQuotas.Use> uses(@Nullable UUID userId, WeChatApp app, String openid) {
		List<DailyQuotas.Use> uses = new ArrayList<>();
		uses.add(new DailyQuotas.Use(PER_USER, PersonalData.identityPseudonym(app.appid(), openid),
				this.limits.phoneNumbersPerUser()));
		if (userId != null) {
			uses.add(new DailyQuotas.Use(PER_USER, userId.toString(), this.limits.phoneNumbersPerUser()));
		}
		uses.add(new DailyQuotas.Use(PER_APP, app.appid(), this.limits.phoneNumbersPerApp()));
		return uses;
	}

}
