package dev.wxauth.server.audit;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One login through WeChat, as the flow that ran it knows it. Never a code, token, session key, openid or phone
 * number: metrics count these, and login events keep them for months.
 *
 * @param flow the WeChat app's kind, as configuration spells it: {@code website}, {@code official-account},
 * {@code mini-program}, {@code mobile-app}
 * @param app the WeChat app's name (ours, not its AppID)
 * @param client the client the person signed in for, or {@code null} when no client was waiting
 * @param outcome how it ended
 * @param reason words for an operator: WeChat's errcode and API, or the refusal; {@code null} for a success
 * @param userId our user, when known
 * @param newUser whether this login created the user
 */
public record LoginAttempt(String flow, String app, @Nullable String client, LoginOutcome outcome,
		@Nullable String reason, @Nullable UUID userId, boolean newUser) {

	public LoginAttempt {
		Assert.hasText(flow, "flow cannot be empty");
		Assert.hasText(app, "app cannot be empty");
		Assert.notNull(outcome, "outcome cannot be null");
	}

	public static LoginAttempt succeeded(String flow, String app, @Nullable String client, UUID userId,
			boolean newUser) {
		return new LoginAttempt(flow, app, client, LoginOutcome.SUCCESS, null, userId, newUser);
	}

	public static LoginAttempt failed(String flow, String app, @Nullable String client, LoginOutcome outcome,
			@Nullable String reason) {
		Assert.isTrue(outcome != LoginOutcome.SUCCESS, "a failure cannot be a success");
		return new LoginAttempt(flow, app, client, outcome, reason, null, false);
	}

}
