package dev.wxauth.server.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * What a mini-program or native app sends to our token endpoint: a WeChat code with {@code client_id} alone.
 */
public final class CodeGrantClient {

	private final Http http;

	private final String grantType;

	private final String clientId;

	private final String tokenEndpoint;

	public CodeGrantClient(String issuer, String grantType, RegisteredClient client) {
		this(new Http(issuer), issuer + "/oauth2/token", grantType, client.getClientId());
	}

	private CodeGrantClient(Http http, String tokenEndpoint, String grantType, String clientId) {
		this.http = http;
		this.tokenEndpoint = tokenEndpoint;
		this.grantType = grantType;
		this.clientId = clientId;
	}

	/** The same client on a device with another address ({@link Http#from}). */
	public CodeGrantClient from(String localAddress) {
		return new CodeGrantClient(Http.from(localAddress, this.tokenEndpoint.replace("/oauth2/token", "")),
				this.tokenEndpoint, this.grantType, this.clientId);
	}

	public String clientId() {
		return this.clientId;
	}

	public Http.Response login(String code) {
		return login(code, null, new String[0]);
	}

	/** The token endpoint's URI, as a DPoP proof's {@code htu} names it. */
	public String tokenEndpoint() {
		return this.tokenEndpoint;
	}

	public Http.Response login(String code, String scope, String... headers) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", this.grantType);
		form.put("client_id", this.clientId);
		form.put("code", code);
		if (scope != null) {
			form.put("scope", scope);
		}
		return this.http.postForm("/oauth2/token", form, headers);
	}

	public Http.Response refresh(String refreshToken, String... headers) {
		return this.http.postForm("/oauth2/token",
				Http.form("grant_type", "refresh_token", "client_id", this.clientId, "refresh_token", refreshToken),
				headers);
	}

	public Http.Response post(Map<String, String> form, String... headers) {
		return this.http.postForm("/oauth2/token", form, headers);
	}

}
