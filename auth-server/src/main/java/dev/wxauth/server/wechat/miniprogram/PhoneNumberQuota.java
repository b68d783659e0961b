package dev.wxauth.server.wechat.miniprogram;

import java.time.Duration;
import java.util.List;

import dev.wxauth.server.oauth2.TooManyRequestsError;
import dev.wxauth.server.properties.WxauthProperties;
import dev.wxauth.server.ratelimit.DailyQuotas;
import dev.wxauth.server.wechat.WeChatApp;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

/**
 * How many phone numbers may be asked of WeChat a day, which bills each request: per person and per mini-program,
 * counted on all instances together. Every request counts, those WeChat then refuses included: each is a call; one
 * that WeChat could not serve at all (busy, timed out) is given back, so that retrying it costs nothing.
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
	 * Takes one request from the person's and the mini-program's quotas of today.
	 * @throws OAuth2AuthenticationException with a {@link TooManyRequestsError} when either is spent
	 */
	void take(String person, WeChatApp app) {
		Duration untilTomorrow = this.quotas.take(uses(person, app));
		if (untilTomorrow.isPositive()) {
			throw new OAuth2AuthenticationException(new TooManyRequestsError(
					"No more phone-number requests today for this person or this mini-program", untilTomorrow));
		}
	}

	/** Gives back what {@link #take} took, for a request WeChat could not serve at all (busy, timed out). */
	void giveBack(String person, WeChatApp app) {
		this.quotas.giveBack(uses(person, app));
	}

	/** @param person our user id, or for someone not known yet their identity at the app */
	private List<DailyQuotas.Use> uses(String person, WeChatApp app) {
		return List.of(new DailyQuotas.Use(PER_USER, person, this.limits.phoneNumbersPerUser()),
				new DailyQuotas.Use(PER_APP, app.appid(), this.limits.phoneNumbersPerApp()));
	}

}
