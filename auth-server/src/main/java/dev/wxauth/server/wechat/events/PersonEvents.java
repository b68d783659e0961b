package dev.wxauth.server.wechat.events;

import java.util.List;

import dev.wxauth.server.user.PersonalData;
import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.WeChatApp;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What WeChat's events about a person do here, each through what is kept of a person ({@link PersonalData}) so that
 * it removes what any other way of leaving removes, and each idempotent (the same event again changes nothing more):
 * <ul>
 * <li>{@code user_authorization_revoke}, the person withdrew their authorization from one app: that identity is
 * unlinked with its session key, the grants and consents of the clients that sign in through the app revoked; a person
 * left without any identity is deleted (nobody can sign in as them any more).</li>
 * <li>{@code user_authorization_cancellation}, the person deleted their WeChat account: every identity of it under
 * our apps is deleted, and the person too when they have none left.</li>
 * <li>{@code user_info_modified}, WeChat cleaned up a risky nickname or avatar: our copy of the profile is marked old,
 * so that their next login that may read it does.</li>
 * </ul>
 *
 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/server/event_push/platform/authorized_user_information_changes.html">Authorized
 * user information changes</a>
 */
final class PersonEvents {

	static final String REVOKE = "user_authorization_revoke";

	static final String CANCELLATION = "user_authorization_cancellation";

	static final String INFO_MODIFIED = "user_info_modified";

	/** Another message WeChat pushes to the same URL: taken and left alone. */
	static final String OTHER = "other";

	private static final List<String> EVENTS = List.of(REVOKE, CANCELLATION, INFO_MODIFIED);

	/** The most an openid or unionid could be: WeChat's are 28 characters. */
	private static final int MAX_ID = 128;

	private final PersonalData personalData;

	private final UserRepository users;

	private final BoundClients boundClients;

	PersonEvents(PersonalData personalData, UserRepository users, BoundClients boundClients) {
		Assert.notNull(personalData, "personalData cannot be null");
		Assert.notNull(users, "users cannot be null");
		Assert.notNull(boundClients, "boundClients cannot be null");
		this.personalData = personalData;
		this.users = users;
		this.boundClients = boundClients;
	}

	/**
	 * Which event the message is, as the metric names it.
	 * @return one of ours, or {@link #OTHER}
	 */
	static String eventOf(PushMessage message) {
		String event = message.field("Event");
		return ("event".equalsIgnoreCase(message.field("MsgType")) && EVENTS.contains(event)) ? event : OTHER;
	}

	/**
	 * Checks the message names a person of {@code app} (before anything is written).
	 * @throws InvalidPushException {@code malformed} for an event about nobody, {@code forged} for one about another
	 * app's people
	 */
	static void check(WeChatApp app, PushMessage message) {
		if (eventOf(message).equals(OTHER)) {
			return;
		}
		String appid = message.field("AppID");
		if (appid != null && !appid.equals(app.appid())) {
			throw InvalidPushException.forged("The event is about another app's people");
		}
		if (!id(message.field("OpenID"))) {
			throw InvalidPushException.malformed("The event has no OpenID");
		}
		String unionid = message.field("UnionID");
		if (unionid != null && !id(unionid)) {
			throw InvalidPushException.malformed("The event's UnionID is not one");
		}
	}

	private static boolean id(@Nullable String id) {
		return id != null && id.length() <= MAX_ID && id.chars().allMatch((c) -> c > 0x20 && c < 0x7f);
	}

	/**
	 * Does what the event asks, in the caller's transaction.
	 * @return what came of it, as the metric counts it
	 */
	String apply(WeChatApp app, PushMessage message) {
		String event = eventOf(message);
		String openid = message.field("OpenID");
		return switch (event) {
			case REVOKE -> switch (this.personalData.unlink(app.appid(), openid, this.boundClients.of(app), true)) {
				case NOT_LINKED -> "unchanged";
				case UNLINKED -> "unlinked";
				case PERSON_DELETED -> "user-deleted";
			};
			case CANCELLATION -> switch (this.personalData.deleteWeChatAccount(app.appid(), openid,
					message.field("UnionID"))) {
				case NOT_LINKED -> "unchanged";
				case IDENTITIES_DELETED -> "identities-deleted";
				case PERSON_DELETED -> "user-deleted";
			};
			case INFO_MODIFIED -> this.users.markProfileOld(app.appid(), openid) ? "profile-marked-old" : "unchanged";
			default -> "ignored";
		};
	}

}
