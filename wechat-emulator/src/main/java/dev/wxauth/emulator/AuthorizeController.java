package dev.wxauth.emulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The authorize pages of {@code open.weixin.qq.com}: website QR login ({@code connect/qrconnect}) and
 * official-account web authorization ({@code connect/oauth2/authorize}).
 * <p>
 * A bad request (unknown appid or one of the wrong kind: 10016; {@code redirect_uri} host not a callback domain,
 * port ignored: 10003; scope not allowed: 10005) shows WeChat's error page and never redirects. Otherwise
 * {@code mock_user=<id>} approves at once (302 to {@code redirect_uri} with {@code code} and {@code state} added),
 * {@code mock_action=deny} denies at once (302 with only {@code state}: the older documented behaviour; today's
 * WeChat just stays on its page), and without either a page offers the same two choices. The wxLogin.js
 * parameters ({@code login_type}, {@code self_redirect}, {@code style}, {@code href}, {@code stylelite},
 * {@code fast_login}) and {@code forcePopup}, {@code connect_redirect} are accepted and ignored; the
 * {@code #wechat_redirect} fragment never reaches a server.
 */
@Controller
final class AuthorizeController {

	private final Directory directory;

	private final IssuedCodes codes;

	private final EmulatorProperties.Lifetimes lifetimes;

	private final Clock clock;

	AuthorizeController(Directory directory, IssuedCodes codes, EmulatorProperties properties, Clock clock) {
		Assert.notNull(directory, "directory cannot be null");
		Assert.notNull(codes, "codes cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.directory = directory;
		this.codes = codes;
		this.lifetimes = properties.lifetimes();
		this.clock = clock;
	}

	@GetMapping("/connect/qrconnect")
	ResponseEntity<String> qrconnect(@RequestParam Map<String, String> parameters, HttpServletRequest request) {
		return authorize(AuthorizeFlow.QR_CONNECT, parameters, request.getQueryString());
	}

	@GetMapping("/connect/oauth2/authorize")
	ResponseEntity<String> oauth2Authorize(@RequestParam Map<String, String> parameters,
			HttpServletRequest request) {
		return authorize(AuthorizeFlow.OAUTH2_AUTHORIZE, parameters, request.getQueryString());
	}

	private ResponseEntity<String> authorize(AuthorizeFlow flow, Map<String, String> parameters, String query) {
		Optional<WeChatApp> found = this.directory.app(parameters.get("appid"))
			.filter((app) -> app.kind() == flow.appKind());
		if (found.isEmpty()) {
			return AuthorizePages.error(10016, "appid 参数错误");
		}
		WeChatApp app = found.get();
		String redirectUri = parameters.get("redirect_uri");
		if (!app.allowsCallbackHost(host(redirectUri))) {
			return AuthorizePages.error(10003, "redirect_uri 参数错误");
		}
		String scope = parameters.get("scope");
		if (!flow.allowsScope(scope)) {
			return AuthorizePages.error(10005, "Scope 参数错误或没有 Scope 权限");
		}
		if (!"code".equals(parameters.get("response_type"))) {
			return AuthorizePages.error(null, "response_type 参数错误 (the emulator requires response_type=code)");
		}
		String state = parameters.getOrDefault("state", "");
		String mockAction = parameters.get("mock_action");
		String mockUser = parameters.get("mock_user");
		if (mockAction != null) {
			if (!"deny".equals(mockAction)) {
				return AuthorizePages.error(null, "Emulator: mock_action must be deny");
			}
			return redirect(redirectUri, "state=" + encode(state));
		}
		if (mockUser != null) {
			Optional<TestUser> user = this.directory.user(mockUser);
			if (user.isEmpty()) {
				return AuthorizePages.error(null, "Emulator: no test user " + mockUser);
			}
			Grant grant = new Grant(app, user.get(), scope,
					this.clock.instant().plus(flow.codeLifetime(this.lifetimes)));
			String code = this.codes.authorizationCodes().issue(grant);
			return redirect(redirectUri, "code=" + code + "&state=" + encode(state));
		}
		String page = flow.path() + "?" + query;
		return AuthorizePages.choice(flow, app, scope, this.directory.users(),
				(userId) -> page + "&mock_user=" + encode(userId), page + "&mock_action=deny");
	}

	/** The host of an absolute http(s) URI, or null for anything else. */
	private static String host(String uri) {
		if (uri == null) {
			return null;
		}
		try {
			URI parsed = new URI(uri);
			String scheme = parsed.getScheme();
			boolean web = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
			return web ? parsed.getHost() : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * Adds the parameters to the query of {@code redirectUri}, keeping the query it had and putting them before any
	 * fragment: the very behaviour that breaks hash-route callbacks at WeChat.
	 */
	private static ResponseEntity<String> redirect(String redirectUri, String parameters) {
		int hash = redirectUri.indexOf('#');
		String base = (hash >= 0) ? redirectUri.substring(0, hash) : redirectUri;
		String fragment = (hash >= 0) ? redirectUri.substring(hash) : "";
		String separator = !base.contains("?") ? "?" : (base.endsWith("?") || base.endsWith("&")) ? "" : "&";
		String location = base + separator + parameters + fragment;
		return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, location).build();
	}

	/** Form encoding: {@code +}, {@code &} and {@code =} in a state survive the round trip. */
	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
