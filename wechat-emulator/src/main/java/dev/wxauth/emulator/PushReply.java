package dev.wxauth.emulator;

/**
 * What the app's server answered a push (or WeChat's check of its push URL), and what it was signed with.
 *
 * @param status the HTTP status
 * @param body the body, as text
 * @param timestamp the signed timestamp sent
 * @param nonce the signed nonce sent
 * @param echostr for a check of the URL, what the server must answer; {@code null} for a push
 */
public record PushReply(int status, String body, long timestamp, String nonce, String echostr) {

	/** What WeChat takes as "received": 200 and {@code success} or nothing. */
	public boolean taken() {
		return this.status == 200 && (this.body.isEmpty() || this.body.equals("success"));
	}

}
