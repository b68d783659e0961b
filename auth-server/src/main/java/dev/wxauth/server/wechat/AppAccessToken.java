package dev.wxauth.server.wechat;

/**
 * An app's own WeChat access token ({@code cgi-bin/stable_token}), for server-to-WeChat calls.
 */
public record AppAccessToken(String value, long expiresInSeconds) {

	@Override
	public String toString() {
		return "AppAccessToken[expiresIn=" + this.expiresInSeconds + "]";
	}

}
