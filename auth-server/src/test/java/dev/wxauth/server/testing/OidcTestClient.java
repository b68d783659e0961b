package dev.wxauth.server.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What a downstream app does, by hand: builds authorization requests (with PKCE, state, nonce), reads the
 * redirect, redeems the code at the token endpoint.
 */
public final class OidcTestClient {

	private final String issuer;

	private final RegisteredClient client;

	private final String secret;

	public final String state = random();

	public final String nonce = random();

	public final String codeVerifier = random() + random();

	public OidcTestClient(String issuer, RegisteredClient client, String secret) {
		this.issuer = issuer;
		this.client = client;
		this.secret = secret;
	}

	public String authorizationUrl(String scope) {
		return authorizationUrl(scope, true);
	}

	public String authorizationUrl(String scope, boolean pkce) {
		UriComponentsBuilder url = UriComponentsBuilder.fromUriString(this.issuer + "/oauth2/authorize")
			.queryParam("response_type", "code")
			.queryParam("client_id", this.client.getClientId())
			.queryParam("redirect_uri", redirectUri())
			.queryParam("scope", scope)
			.queryParam("state", this.state)
			.queryParam("nonce", this.nonce);
		if (pkce) {
			url.queryParam("code_challenge", challenge(this.codeVerifier)).queryParam("code_challenge_method", "S256");
		}
		return url.encode().build().toUriString();
	}

	public String clientId() {
		return this.client.getClientId();
	}

	public String redirectUri() {
		return this.client.getRedirectUris().iterator().next();
	}

	public boolean isRedirectUri(URI uri) {
		return uri.toString().startsWith(redirectUri());
	}

	/** The query parameters of the redirect back to the client. */
	public static Map<String, String> parameters(URI redirect) {
		Map<String, String> parameters = new LinkedHashMap<>();
		UriComponentsBuilder.fromUri(redirect)
			.build()
			.getQueryParams()
			.forEach((name, values) -> parameters.put(name,
					org.springframework.web.util.UriUtils.decode(values.getFirst(), StandardCharsets.UTF_8)));
		return parameters;
	}

	public Http.Response redeem(String code) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", redirectUri());
		form.put("code_verifier", this.codeVerifier);
		return tokenRequest(form);
	}

	public Http.Response refresh(String refreshToken) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "refresh_token");
		form.put("refresh_token", refreshToken);
		return tokenRequest(form);
	}

	public Http.Response tokenRequest(Map<String, String> form) {
		if (this.secret == null) {
			form.put("client_id", this.client.getClientId());
			return new Http(this.issuer).postForm("/oauth2/token", form);
		}
		return new Http(this.issuer).postForm("/oauth2/token", form, Http.basic(this.client.getClientId(), this.secret));
	}

	public Http.Response introspect(String token) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("token", token);
		return new Http(this.issuer).postForm("/oauth2/introspect", form, Http.basic(this.client.getClientId(), this.secret));
	}

	public Http.Response revoke(String token) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("token", token);
		return new Http(this.issuer).postForm("/oauth2/revoke", form, Http.basic(this.client.getClientId(), this.secret));
	}

	private static String random() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
