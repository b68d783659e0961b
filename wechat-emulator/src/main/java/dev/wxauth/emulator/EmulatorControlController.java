package dev.wxauth.emulator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The emulator's own controls, which WeChat does not have: fault injection, call counts, the codes a phone would
 * produce ({@code wx.login}, {@code getPhoneNumber}, the Open SDK), and reset. Plain JSON and HTTP statuses.
 * {@link WeChatEmulator} offers the same in Java.
 */
@RestController
@RequestMapping("/emulator")
final class EmulatorControlController {

	private final Faults faults;

	private final CallCounter callCounter;

	private final IssuedCodes codes;

	private final EmulatorReset reset;

	private final JsonMapper jsonMapper;

	private final Directory directory;

	private final PushSender pushes;

	EmulatorControlController(Faults faults, CallCounter callCounter, IssuedCodes codes, EmulatorReset reset,
			JsonMapper jsonMapper, Directory directory, PushSender pushes) {
		Assert.notNull(faults, "faults cannot be null");
		Assert.notNull(callCounter, "callCounter cannot be null");
		Assert.notNull(codes, "codes cannot be null");
		Assert.notNull(reset, "reset cannot be null");
		Assert.notNull(jsonMapper, "jsonMapper cannot be null");
		this.faults = faults;
		this.callCounter = callCounter;
		this.codes = codes;
		this.reset = reset;
		this.jsonMapper = jsonMapper;
		this.directory = directory;
		this.pushes = pushes;
	}

	/** {@code {"path": "/sns/oauth2/access_token", "fault": "BUSY", "count": 2}}; count defaults to 1. */
	@PostMapping("/faults")
	Map<String, Object> injectFault(HttpServletRequest httpRequest) {
		JsonNode request = readObject(JsonBodies.read(httpRequest));
		String path = JsonBodies.text(request, "path");
		if (path == null || !path.startsWith("/") || path.contains("?")) {
			throw EmulatorControlException.badRequest("path must be a request path such as /sns/oauth2/access_token");
		}
		Fault fault = fault(JsonBodies.text(request, "fault"));
		JsonNode countNode = request.path("count");
		int count = countNode.isMissingNode() ? 1 : countNode.asInt(0);
		if ((!countNode.isMissingNode() && !countNode.isIntegralNumber()) || count < 1) {
			throw EmulatorControlException.badRequest("count must be a positive integer");
		}
		this.faults.inject(path, fault, count);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("path", path);
		body.put("fault", fault.name());
		body.put("count", count);
		return body;
	}

	@DeleteMapping("/faults")
	ResponseEntity<Void> clearFaults() {
		this.faults.clear();
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/calls")
	Map<String, Object> calls(@RequestParam(required = false) String path) {
		if (!StringUtils.hasText(path)) {
			throw EmulatorControlException.badRequest("path is required");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("path", path);
		body.put("count", this.callCounter.calls(path));
		return body;
	}

	@PostMapping("/js-code")
	Map<String, Object> jsCode(@RequestParam(required = false) String appid,
			@RequestParam(required = false) String user) {
		return Map.of("code", this.codes.mintJsCode(appid, user));
	}

	/** Many wx.login codes at once, for load tests: {@code count} codes for the users {@code load-0 .. load-<users-1>}. */
	@PostMapping("/js-codes")
	Map<String, Object> jsCodes(@RequestParam(required = false) String appid, @RequestParam(defaultValue = "1000") int users,
			@RequestParam(defaultValue = "1") int count) {
		if (count < 1 || count > 200_000 || users < 1 || users > 1_000_000) {
			throw EmulatorControlException.badRequest("count must be 1..200000 and users 1..1000000");
		}
		java.util.List<String> codes = new java.util.ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			codes.add(this.codes.mintJsCode(appid, "load-" + (i % users)));
		}
		return Map.of("codes", codes);
	}

	@PostMapping("/phone-code")
	Map<String, Object> phoneCode(@RequestParam(required = false) String appid,
			@RequestParam(required = false) String user) {
		return Map.of("code", this.codes.mintPhoneCode(appid, user));
	}

	@PostMapping("/app-code")
	Map<String, Object> appCode(@RequestParam(required = false) String appid,
			@RequestParam(required = false) String user) {
		return Map.of("code", this.codes.mintAppCode(appid, user));
	}

	/**
	 * What an app's admin does on WeChat's platform: {@code {"secret": "...", "secret_frozen": true,
	 * "allowed_ips": ["127.0.0.1"], "push": {"url": "...", "token": "...", "encoding_aes_key": "..."}}}, each
	 * optional; a new secret unfreezes; {@code "push": null} stops the pushes. Undone by reset.
	 */
	@PostMapping("/apps/{appid}")
	Map<String, Object> changeApp(@PathVariable String appid, HttpServletRequest httpRequest) {
		JsonNode request = readObject(JsonBodies.read(httpRequest));
		String secret = JsonBodies.text(request, "secret");
		JsonNode frozen = request.path("secret_frozen");
		JsonNode allowedIps = request.path("allowed_ips");
		if ((request.has("secret") && !StringUtils.hasText(secret)) || (!frozen.isMissingNode() && !frozen.isBoolean())
				|| (!allowedIps.isMissingNode() && !allowedIps.isArray())) {
			throw EmulatorControlException.badRequest(
					"secret must be a non-empty string, secret_frozen a boolean, allowed_ips an array of addresses");
		}
		boolean pushChanged = request.has("push");
		WeChatApp.Push push = pushChanged ? push(request.get("push")) : null;
		WeChatApp app = this.directory.change(appid, (current) -> {
			WeChatApp changed = (secret != null) ? current.withSecret(secret) : current;
			changed = frozen.isBoolean() ? changed.withSecretFrozen(frozen.asBoolean()) : changed;
			changed = pushChanged ? changed.withPush(push) : changed;
			return allowedIps.isArray()
					? changed.withAllowedIps(allowedIps.valueStream().map(JsonNode::asString).toList()) : changed;
		}).orElseThrow(() -> EmulatorControlException.notFound("no app " + appid));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("appid", app.appid());
		body.put("secret_frozen", app.secretFrozen());
		body.put("allowed_ips", app.allowedIps());
		body.put("push_url", (app.push() != null) ? app.push().url() : null);
		return body;
	}

	private static WeChatApp.Push push(JsonNode push) {
		if (push == null || push.isNull()) {
			return null;
		}
		String url = push.isObject() ? JsonBodies.text(push, "url") : null;
		String token = push.isObject() ? JsonBodies.text(push, "token") : null;
		String key = push.isObject() ? JsonBodies.text(push, "encoding_aes_key") : null;
		if (!StringUtils.hasText(url) || !(url.startsWith("http://") || url.startsWith("https://"))
				|| !StringUtils.hasText(token) || (key != null && key.length() != 43)) {
			throw EmulatorControlException.badRequest("push must be null or {\"url\": an http(s) URL, \"token\": ...,"
					+ " \"encoding_aes_key\": 43 characters or absent}");
		}
		return new WeChatApp.Push(url, token, key);
	}

	/**
	 * Pushes an event about a person to the app's push URL, as WeChat would, and says what the server answered:
	 * {@code {"appid": "...", "event": "user_authorization_revoke", "user": "alice"}} (or {@code "openid"} in place of
	 * {@code "user"}), optionally {@code "mode"} ({@code plain}, {@code aes}), {@code "format"} ({@code xml},
	 * {@code json}), {@code "timestamp"} and {@code "nonce"} (to send one twice, or a stale one), {@code "forge"}
	 * ({@code signature}, {@code msg_signature}, {@code appid}), {@code "stray_spaces"} (JSON names as one of WeChat's
	 * samples writes them). Answers {@code {"status": 200, "body": "success", "timestamp": ..., "nonce": "..."}}.
	 */
	@PostMapping("/push")
	Map<String, Object> push(HttpServletRequest httpRequest) {
		JsonNode request = readObject(JsonBodies.read(httpRequest));
		JsonNode timestamp = request.path("timestamp");
		JsonNode straySpaces = request.path("stray_spaces");
		if ((!timestamp.isMissingNode() && !timestamp.isIntegralNumber())
				|| (!straySpaces.isMissingNode() && !straySpaces.isBoolean())) {
			throw EmulatorControlException.badRequest("timestamp must be a number, stray_spaces a boolean");
		}
		PushRequest push;
		try {
			push = new PushRequest(JsonBodies.text(request, "appid"), JsonBodies.text(request, "event"),
					JsonBodies.text(request, "user"), JsonBodies.text(request, "openid"),
					JsonBodies.text(request, "mode"), JsonBodies.text(request, "format"),
					timestamp.isIntegralNumber() ? timestamp.asLong() : null, JsonBodies.text(request, "nonce"),
					JsonBodies.text(request, "forge"), straySpaces.asBoolean(false));
		}
		catch (IllegalArgumentException ex) {
			throw EmulatorControlException.badRequest(ex.getMessage());
		}
		return reply(this.pushes.push(push));
	}

	/**
	 * WeChat's check of the app's push URL, as when it is set in the console: {@code {"appid": "..."}}, and
	 * {@code "forge": "signature"} to sign it with another token. Answers the server's status and body, and the
	 * {@code echostr} it should have echoed.
	 */
	@PostMapping("/push/verify")
	Map<String, Object> verifyPushUrl(HttpServletRequest httpRequest) {
		JsonNode request = readObject(JsonBodies.read(httpRequest));
		String forge = JsonBodies.text(request, "forge");
		if (forge != null && !forge.equals("signature")) {
			throw EmulatorControlException.badRequest("forge must be signature or absent");
		}
		return reply(this.pushes.verifyUrl(JsonBodies.text(request, "appid"), forge != null));
	}

	private static Map<String, Object> reply(PushReply reply) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", reply.status());
		body.put("body", reply.body());
		body.put("timestamp", reply.timestamp());
		body.put("nonce", reply.nonce());
		if (reply.echostr() != null) {
			body.put("echostr", reply.echostr());
		}
		return body;
	}

	@PostMapping("/reset")
	ResponseEntity<Void> reset() {
		this.reset.reset();
		return ResponseEntity.noContent().build();
	}

	private JsonNode readObject(byte[] requestBody) {
		try {
			JsonNode request = (requestBody.length > 0) ? this.jsonMapper.readTree(requestBody) : null;
			if (request == null || !request.isObject()) {
				throw EmulatorControlException.badRequest("body must be a JSON object");
			}
			return request;
		}
		catch (JacksonException ex) {
			throw EmulatorControlException.badRequest("body must be a JSON object");
		}
	}

	private static Fault fault(String name) {
		return Arrays.stream(Fault.values())
			.filter((fault) -> fault.name().equals(name))
			.findFirst()
			.orElseThrow(() -> EmulatorControlException
				.badRequest("fault must be one of " + Arrays.toString(Fault.values())));
	}

}
