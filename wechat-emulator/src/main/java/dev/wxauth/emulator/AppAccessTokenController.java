package dev.wxauth.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An app's own access token ({@code shared/wechat-api.md} §4), which server-side APIs such as
 * {@code getuserphonenumber} need. Quotas and the IP whitelist are not emulated.
 */
@RestController
final class AppAccessTokenController {

	private static final String CLIENT_CREDENTIAL = "client_credential";

	private final Directory directory;

	private final AppAccessTokens tokens;

	private final WeChatResponses responses;

	private final JsonMapper jsonMapper;

	AppAccessTokenController(Directory directory, AppAccessTokens tokens, WeChatResponses responses,
			JsonMapper jsonMapper) {
		Assert.notNull(directory, "directory cannot be null");
		Assert.notNull(tokens, "tokens cannot be null");
		Assert.notNull(responses, "responses cannot be null");
		Assert.notNull(jsonMapper, "jsonMapper cannot be null");
		this.directory = directory;
		this.tokens = tokens;
		this.responses = responses;
		this.jsonMapper = jsonMapper;
	}

	/** A new token on every call. */
	@GetMapping("/cgi-bin/token")
	ResponseEntity<byte[]> token(@RequestParam(name = "grant_type", required = false) String grantType,
			@RequestParam(required = false) String appid, @RequestParam(required = false) String secret,
			HttpServletRequest httpRequest) {
		WeChatApp app = authenticate(grantType, appid, secret, httpRequest);
		return body(this.tokens.issue(app));
	}

	/** The same token until five minutes before it expires, unless {@code force_refresh}. */
	@PostMapping("/cgi-bin/stable_token")
	ResponseEntity<byte[]> stableToken(HttpServletRequest httpRequest) {
		JsonNode request = JsonBodies.parseObject(this.jsonMapper, JsonBodies.read(httpRequest));
		WeChatApp app = authenticate(JsonBodies.text(request, "grant_type"), JsonBodies.text(request, "appid"),
				JsonBodies.text(request, "secret"), httpRequest);
		boolean forceRefresh = request.path("force_refresh").asBoolean(false);
		return body(this.tokens.stable(app, forceRefresh));
	}

	/** The app's IP allow-list guards its token fetches (40164), after its credentials. */
	private WeChatApp authenticate(String grantType, String appid, String secret, HttpServletRequest httpRequest) {
		Credentials.require(appid, WeChatError.APPID_MISSING);
		Credentials.require(secret, WeChatError.APPSECRET_MISSING);
		Credentials.requireGrantType(grantType, CLIENT_CREDENTIAL);
		WeChatApp app = Credentials.authenticate(this.directory, appid, secret);
		if (!app.allowsCaller(httpRequest.getRemoteAddr())) {
			throw WeChatError.IP_NOT_IN_WHITELIST.exception();
		}
		return app;
	}

	private ResponseEntity<byte[]> body(AppAccessTokens.Token token) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", token.value());
		body.put("expires_in", this.tokens.expiresInSeconds(token));
		return this.responses.ok(body);
	}

}
