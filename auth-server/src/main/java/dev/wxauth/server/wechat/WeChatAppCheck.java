package dev.wxauth.server.wechat;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Asks WeChat whether an app's AppID and AppSecret work from this server, and says what its answer means in words
 * an operator acts on. An official account or a mini-program fetches its app access token in normal mode (which
 * returns the current one and replaces nothing), so the IP allow-list is checked too; a website or a mobile app has
 * no app token, so it trades a code WeChat cannot know: "invalid code" comes only once the AppID and AppSecret pass.
 * That order is what the platform shows (a wrong secret answers 40125 whatever the code) and what the emulator
 * encodes; WeChat does not document it, so the answer for those two kinds rests on it.
 */
public final class WeChatAppCheck {

	/** Never a real code: not of the length or the alphabet of WeChat's. */
	static final String PROBE_CODE = "wxauth-credentials-check";

	private final WeChatApiClient api;

	private final Clock clock;

	public WeChatAppCheck(WeChatApiClient api, Clock clock) {
		Assert.notNull(api, "api cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.api = api;
		this.clock = clock;
	}

	public Result check(WeChatApp app) {
		Assert.notNull(app, "app cannot be null");
		Instant at = this.clock.instant();
		try {
			if (app.kind() == AppKind.OFFICIAL_ACCOUNT || app.kind() == AppKind.MINI_PROGRAM) {
				this.api.stableToken(app, false);
			}
			else {
				this.api.exchangeCode(app, PROBE_CODE);
			}
			return Result.of(Outcome.OK, null, at);
		}
		catch (WeChatException ex) {
			boolean probeRefused = ex.errcode() == 40029 && app.kind() != AppKind.OFFICIAL_ACCOUNT
					&& app.kind() != AppKind.MINI_PROGRAM;
			return Result.of(probeRefused ? Outcome.OK : outcomeOf(ex), (ex.errcode() != 0) ? ex.errcode() : null, at);
		}
	}

	static Outcome outcomeOf(WeChatException failure) {
		if (failure.kind() == WeChatException.Kind.UNAVAILABLE) {
			return Outcome.UNAVAILABLE;
		}
		return switch (failure.errcode()) {
			case 40013 -> Outcome.WRONG_APPID;
			// the token APIs answer a wrong secret with 40001, the others with 40125
			case 40001, 40125 -> Outcome.WRONG_SECRET;
			case 40243 -> Outcome.SECRET_FROZEN;
			case 40164, 61004 -> Outcome.IP_NOT_ALLOWED;
			case 48001 -> Outcome.NOT_PERMITTED;
			default -> Outcome.OTHER;
		};
	}

	/** What WeChat's answer means. */
	public enum Outcome {

		OK("WeChat accepts the AppID and AppSecret from this server"),

		WRONG_APPID("WeChat knows no app with this AppID: check the AppID on WeChat's platform"),

		WRONG_SECRET("WeChat refuses the AppSecret: it is wrong, or was reset on WeChat's platform since; set the"
				+ " current one"),

		SECRET_FROZEN("The AppSecret is frozen on WeChat's platform: unfreeze it there, or reset it and set the new one"),

		IP_NOT_ALLOWED("This server's outgoing IP address is not on the app's IP allow-list: add it on WeChat's"
				+ " platform"),

		NOT_PERMITTED("WeChat does not let this app use the API: check the app's kind and its permissions"),

		UNAVAILABLE("WeChat did not answer in time or could not serve the request: try again"),

		OTHER("WeChat refused the request: look the errcode up in WeChat's return codes");

		private final String words;

		Outcome(String words) {
			this.words = words;
		}

		/** {@code wrong-secret}: the name the admin API shows. */
		public String id() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		public String words() {
			return this.words;
		}

	}

	/**
	 * @param errcode WeChat's errcode, when it answered with one
	 * @param checkedAt when WeChat was asked
	 */
	public record Result(Outcome outcome, @Nullable Integer errcode, Instant checkedAt) {

		static Result of(Outcome outcome, @Nullable Integer errcode, Instant checkedAt) {
			return new Result(outcome, (outcome == Outcome.OK) ? null : errcode, checkedAt);
		}

		public boolean ok() {
			return this.outcome == Outcome.OK;
		}

		/** The result as an operator reads it: outcome, WeChat's errcode when it gave one, what to do, when. */
		public Map<String, Object> describe() {
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("ok", ok());
			fields.put("outcome", this.outcome.id());
			if (this.errcode != null) {
				fields.put("errcode", this.errcode);
			}
			fields.put("detail", this.outcome.words());
			fields.put("checked_at", this.checkedAt.toString());
			return fields;
		}

	}

}
