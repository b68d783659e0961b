package dev.wxauth.emulator;

/**
 * A failure the emulator can inject into the next calls to a path, to exercise a client's error handling.
 */
public enum Fault {

	/** HTTP 200 {@code {"errcode":-1,"errmsg":"system error, rid: …"}}: WeChat is busy, retry. */
	BUSY,

	/** HTTP 200 errcode 45011 {@code api minute-quota reach limit}. */
	RATE_LIMIT,

	/** HTTP 500 with an HTML body, as a gateway in front of WeChat answers. */
	HTTP_500,

	/** The normal answer, after {@code emulator.timeout-fault-delay} (30 s by default). */
	TIMEOUT,

	/** HTTP 200, JSON content type, a body cut short so that it is not JSON. */
	MALFORMED_JSON,

	/** The normal answer, labelled {@code Content-Type: text/plain} without a charset (observed for some APIs). */
	TEXT_PLAIN

}
