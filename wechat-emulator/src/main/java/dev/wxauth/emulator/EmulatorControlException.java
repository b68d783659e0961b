package dev.wxauth.emulator;

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * A misuse of the emulator's own controls (unknown app or user, bad fault): plain HTTP status and
 * {@code {"error": …}}, nothing like WeChat. In Java, an {@link IllegalArgumentException}.
 */
final class EmulatorControlException extends IllegalArgumentException {

	private final HttpStatus status;

	private EmulatorControlException(HttpStatus status, String message) {
		super(message);
		Assert.notNull(status, "status cannot be null");
		this.status = status;
	}

	static EmulatorControlException notFound(String message) {
		return new EmulatorControlException(HttpStatus.NOT_FOUND, message);
	}

	static EmulatorControlException badRequest(String message) {
		return new EmulatorControlException(HttpStatus.BAD_REQUEST, message);
	}

	/** The app's server, where the emulator pushed, did not answer. */
	static EmulatorControlException badGateway(String message) {
		return new EmulatorControlException(HttpStatus.BAD_GATEWAY, message);
	}

	HttpStatus status() {
		return this.status;
	}

}
