package dev.wxauth.server.authorize;

/**
 * Pushed authorization requests (RFC 9126): a client sends its authorization request to {@code /oauth2/par}, with
 * its own authentication, and sends the browser with only the {@code request_uri} it got back, so that the request's
 * parameters are neither visible in the browser nor alterable there.
 */
public final class PushedAuthorizationRequests {

	/**
	 * The client setting ({@code true}) that requires a client's every authorization request to be pushed (RFC 9126
	 * §6, {@code require_pushed_authorization_requests}).
	 */
	public static final String REQUIRED = "settings.client.wxauth.require-pushed-authorization-requests";

	private PushedAuthorizationRequests() {
	}

}
