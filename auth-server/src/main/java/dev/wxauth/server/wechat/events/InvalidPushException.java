package dev.wxauth.server.wechat.events;

import org.springframework.http.HttpStatus;

/**
 * A push refused, and why: the outcome it is counted under and the status WeChat (or whoever sent it) gets. The message
 * is short and names nothing of the push: it is the answer's text.
 */
final class InvalidPushException extends RuntimeException {

	private final String outcome;

	private final HttpStatus status;

	private InvalidPushException(String outcome, HttpStatus status, String message) {
		super(message, null, false, false);
		this.outcome = outcome;
		this.status = status;
	}

	/** No app of ours of that name receives pushes (none, or without a push token). */
	static InvalidPushException unknownApp() {
		return new InvalidPushException("unknown-app", HttpStatus.NOT_FOUND, "No app of ours receives pushes here");
	}

	/** Not what WeChat sends: a parameter or the body missing, too long or unreadable. */
	static InvalidPushException malformed(String message) {
		return new InvalidPushException("malformed", HttpStatus.BAD_REQUEST, message);
	}

	static InvalidPushException tooLarge() {
		return new InvalidPushException("malformed", HttpStatus.PAYLOAD_TOO_LARGE, "The body is larger than any push");
	}

	/** Not signed with the app's token, not encrypted under its key, or for another app. */
	static InvalidPushException forged(String message) {
		return new InvalidPushException("forged", HttpStatus.FORBIDDEN, message);
	}

	/**
	 * In plaintext to an app that has an EncodingAESKey: its body is signed by nothing, and WeChat would have
	 * encrypted it.
	 */
	static InvalidPushException unencrypted() {
		return new InvalidPushException("unencrypted", HttpStatus.FORBIDDEN, "The app takes encrypted pushes only"
				+ " (it has an EncodingAESKey): choose the safe mode in WeChat's console");
	}

	/** Signed too long ago, or too far ahead: outside the window in which a push is taken. */
	static InvalidPushException stale() {
		return new InvalidPushException("stale", HttpStatus.BAD_REQUEST,
				"The timestamp is outside the window pushes are taken in");
	}

	/** This signed timestamp and nonce came before. */
	static InvalidPushException replayed() {
		return new InvalidPushException("replayed", HttpStatus.CONFLICT, "This push was received before");
	}

	String outcome() {
		return this.outcome;
	}

	HttpStatus status() {
		return this.status;
	}

}
