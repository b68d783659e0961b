package dev.wxauth.server.audit;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a login through WeChat ended, as metrics tag it and login events keep it. A login is the person's way through
 * WeChat to our user: a browser's callback, or a code at one of the token endpoint's WeChat grants; a request refused
 * before any of that (a client without the grant, an unknown scope) is no login.
 */
public enum LoginOutcome {

	/** Signed in. */
	SUCCESS("success"),

	/** The person declined at WeChat, or WeChat refuses this person (a high-risk or limited account). */
	DENIED("denied"),

	/** WeChat showed the person a snapshot page: its ids are virtual, so nobody is signed in. */
	SNAPSHOT_USER("snapshot-user"),

	/** The WeChat code was invalid, expired or already used (here or at WeChat). */
	INVALID_CODE("invalid-code"),

	/** WeChat answered busy, or a quota of ours at WeChat ran out: try again later. */
	UPSTREAM_BUSY("upstream-busy"),

	/** WeChat did not answer in time, or not at all, or not readably. */
	UPSTREAM_UNREACHABLE("upstream-unreachable"),

	/** WeChat refused our app (its AppSecret, IP allow-list, permissions) or answered an errcode we do not know. */
	UPSTREAM_ERROR("upstream-error"),

	/** A client that signs in only known people met someone new. */
	LOGIN_ONLY_REFUSED("login-only-refused"),

	/** An operator disabled the person. */
	USER_DISABLED("user-disabled"),

	/** The client may not sign people in through this WeChat app, or the app no longer signs anybody in. */
	APP_NOT_ALLOWED("app-not-allowed"),

	/** One of our own limits refused it (today's phone-number quota, for a login that proves a number). */
	RATE_LIMITED("rate-limited"),

	/** WeChat's callback was malformed or tampered with. */
	INVALID_CALLBACK("invalid-callback"),

	/** Something of ours failed: the database, most likely. */
	SERVER_ERROR("server-error");

	private final String id;

	LoginOutcome(String id) {
		this.id = id;
	}

	/** How metrics, events and the admin API spell it: {@code snapshot-user}. */
	public String id() {
		return this.id;
	}

	public static Optional<LoginOutcome> fromId(String id) {
		return Arrays.stream(values()).filter((outcome) -> outcome.id.equals(id)).findFirst();
	}

}
