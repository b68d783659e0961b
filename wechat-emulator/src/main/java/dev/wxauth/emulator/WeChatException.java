package dev.wxauth.emulator;

import org.springframework.util.Assert;

/**
 * Ends an API call with a WeChat business error: HTTP 200 and the errcode envelope. A control-flow exception, so
 * without a stack trace.
 */
final class WeChatException extends RuntimeException {

	private final WeChatError error;

	WeChatException(WeChatError error) {
		super(error.errcode() + " " + error.errmsg(), null, false, false);
		Assert.notNull(error, "error cannot be null");
		this.error = error;
	}

	WeChatError error() {
		return this.error;
	}

}
