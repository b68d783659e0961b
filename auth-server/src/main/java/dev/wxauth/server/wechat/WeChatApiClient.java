package dev.wxauth.server.wechat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.wxauth.server.admission.Admission;
import dev.wxauth.server.logging.CorrelationIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * WeChat's JSON API as typed calls. Owns WeChat's dialect: parameter names ({@code appid}, {@code secret}),
 * errcodes in HTTP 200 replies, bodies decoded as UTF-8 whatever the declared content type (WeChat declares
 * {@code encoding=utf-8} or {@code text/plain}), busy replies retried once, timeouts and unreadable replies
 * reported as {@link WeChatException.Kind#UNAVAILABLE}. Each exchange is timed and counted ({@link WeChatMetrics}),
 * logged at DEBUG with its outcome and duration, and carries the request's correlation id ({@link CorrelationIds}).
 * <p>
 * Never logs tokens, secrets, openids or profiles.
 *
 * @see <a href="https://developers.weixin.qq.com/doc/oplatform/Website_App/WeChat_Login/Wechat_Login.html">Website
 * app login</a>
 */
public final class WeChatApiClient {

	private static final Log logger = LogFactory.getLog(WeChatApiClient.class);

	private final URI apiBaseUrl;

	private final int timeoutMillis;

	private final JsonMapper json = JsonMapper.builder().build();

	private final WeChatCallOutcomes outcomes;

	private final WeChatMetrics metrics;

	public WeChatApiClient(URI apiBaseUrl, Duration timeout) {
		this(apiBaseUrl, timeout, new WeChatCallOutcomes(Clock.systemUTC()), new WeChatMetrics(new SimpleMeterRegistry()));
	}

	/**
	 * @param outcomes where each call records how it went, for the app's health
	 * @param metrics where each call is timed and counted
	 */
	public WeChatApiClient(URI apiBaseUrl, Duration timeout, WeChatCallOutcomes outcomes, WeChatMetrics metrics) {
		Assert.notNull(apiBaseUrl, "apiBaseUrl cannot be null");
		Assert.notNull(timeout, "timeout cannot be null");
		Assert.notNull(outcomes, "outcomes cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		this.apiBaseUrl = apiBaseUrl;
		this.timeoutMillis = Math.toIntExact(timeout.toMillis());
		this.outcomes = outcomes;
		this.metrics = metrics;
	}

	/**
	 * {@code GET sns/oauth2/access_token}: trades an authorization code (website QR, official account, Open SDK) for
	 * a user access token and the openid.
	 */
	public SnsAccessToken exchangeCode(WeChatApp app, String code) {
		Assert.notNull(app, "app cannot be null");
		Assert.hasText(code, "code cannot be empty");
		JsonNode reply = get(app, "/sns/oauth2/access_token", Map.of("appid", app.appid(), "secret", app.secret(),
				"code", code, "grant_type", "authorization_code"));
		String openid = required(reply, "openid");
		Set<String> scopes = new LinkedHashSet<>(Arrays.asList(text(reply, "scope", "").split("[ ,]+")));
		scopes.remove("");
		return new SnsAccessToken(required(reply, "access_token"), reply.path("expires_in").asLong(7200),
				text(reply, "refresh_token", null), openid, scopes, text(reply, "unionid", null),
				reply.path("is_snapshotuser").asInt(0) == 1);
	}

	/** {@code GET sns/userinfo}: the profile behind a user access token (needs snsapi_userinfo or snsapi_login). */
	public SnsUserInfo userInfo(WeChatApp app, String accessToken, String openid) {
		Assert.notNull(app, "app cannot be null");
		Assert.hasText(accessToken, "accessToken cannot be empty");
		Assert.hasText(openid, "openid cannot be empty");
		JsonNode reply = get(app, "/sns/userinfo", Map.of("access_token", accessToken, "openid", openid, "lang",
				"zh_CN"));
		return new SnsUserInfo(required(reply, "openid"), text(reply, "unionid", null), text(reply, "nickname", null),
				text(reply, "headimgurl", null));
	}

	/**
	 * {@code GET sns/jscode2session}: trades a mini-program's {@code wx.login()} code for the openid, the unionid
	 * (when the mini-program is bound to an Open Platform account) and the session key.
	 *
	 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html">code2Session</a>
	 */
	public MiniProgramSession jscode2session(WeChatApp app, String jsCode) {
		Assert.notNull(app, "app cannot be null");
		Assert.hasText(jsCode, "jsCode cannot be empty");
		JsonNode reply = get(app, "/sns/jscode2session", Map.of("appid", app.appid(), "secret", app.secret(),
				"js_code", jsCode, "grant_type", "authorization_code"));
		return new MiniProgramSession(required(reply, "openid"), text(reply, "unionid", null),
				required(reply, "session_key"));
	}

	/**
	 * {@code POST cgi-bin/stable_token}: the app's own access token (not a user's). Normal mode returns the current
	 * token until shortly before it expires; {@code forceRefresh} replaces it (limited to a few calls a day).
	 *
	 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-access-token/getStableAccessToken.html">getStableAccessToken</a>
	 */
	public AppAccessToken stableToken(WeChatApp app, boolean forceRefresh) {
		Assert.notNull(app, "app cannot be null");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("grant_type", "client_credential");
		body.put("appid", app.appid());
		body.put("secret", app.secret());
		body.put("force_refresh", forceRefresh);
		JsonNode reply = post(app, "/cgi-bin/stable_token", Map.of(), body);
		return new AppAccessToken(required(reply, "access_token"), reply.path("expires_in").asLong(7200));
	}

	/**
	 * {@code POST wxa/business/getuserphonenumber}: the phone number behind a {@code getPhoneNumber} button code.
	 *
	 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-info/phone-number/getPhoneNumber.html">getPhoneNumber</a>
	 */
	public PhoneNumber userPhoneNumber(WeChatApp app, String appAccessToken, String code, @Nullable String openid) {
		Assert.notNull(app, "app cannot be null");
		Assert.hasText(appAccessToken, "appAccessToken cannot be empty");
		Assert.hasText(code, "code cannot be empty");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", code);
		if (openid != null) {
			body.put("openid", openid);
		}
		JsonNode info = post(app, "/wxa/business/getuserphonenumber", Map.of("access_token", appAccessToken), body)
			.path("phone_info");
		// countryCode is a number in replies and a string in the field table and legacy payloads: accept both
		String countryCode = info.path("countryCode").isNumber() ? String.valueOf(info.path("countryCode").asInt())
				: text(info, "countryCode", null);
		return PhoneNumber.of(countryCode, required(info, "purePhoneNumber"));
	}

	private JsonNode get(WeChatApp app, String path, Map<String, String> parameters) {
		return call(app, path, new Request(uri(path, parameters), null));
	}

	private JsonNode post(WeChatApp app, String path, Map<String, String> parameters, Map<String, Object> body) {
		return call(app, path, new Request(uri(path, parameters), this.json.writeValueAsBytes(body)));
	}

	/** Every query value encoded whole, '+' too: servers decode a query's '+' as a space. */
	private URI uri(String path, Map<String, String> parameters) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		parameters.forEach((name, value) -> query.add(UriUtils.encode(name, StandardCharsets.UTF_8),
				UriUtils.encode(value, StandardCharsets.UTF_8)));
		return UriComponentsBuilder.fromUri(this.apiBaseUrl).path(path).queryParams(query).build(true).toUri();
	}

	/** A call made for one of our apps, its outcome recorded for the app (a code WeChat refuses too). */
	private JsonNode call(WeChatApp app, String path, Request request) {
		try {
			JsonNode reply = sendRetryingOnce(app, path, request);
			this.outcomes.record(app, null);
			return reply;
		}
		catch (WeChatException ex) {
			this.outcomes.record(app, ex);
			throw ex;
		}
	}

	private JsonNode sendRetryingOnce(WeChatApp app, String path, Request request) {
		try {
			return timed(app, path, request);
		}
		catch (WeChatException ex) {
			if (!WeChatErrorCodes.isRetryable(ex.errcode())) {
				throw ex;
			}
			this.metrics.retried(path, app);
			logger.debug("WeChat " + path + " busy, retrying once");
			return timed(app, path, request);
		}
	}

	/** One exchange, timed and counted, and logged with the request's correlation id. */
	private JsonNode timed(WeChatApp app, String path, Request request) {
		long start = System.nanoTime();
		WeChatException failure = null;
		try {
			return send(path, request);
		}
		catch (WeChatException ex) {
			failure = ex;
			throw ex;
		}
		finally {
			long nanos = System.nanoTime() - start;
			this.metrics.answered(path, app, nanos, failure);
			if (logger.isDebugEnabled()) {
				logger.debug("WeChat " + path + " for app " + app.name() + ": " + WeChatMetrics.outcome(failure)
						+ ((failure != null && failure.errcode() != 0) ? " " + failure.errcode() : "") + " in "
						+ TimeUnit.NANOSECONDS.toMillis(nanos) + " ms");
			}
		}
	}

	private JsonNode send(String path, Request request) {
		Response response;
		try {
			response = Admission.away(() -> exchange(request));
		}
		catch (SocketTimeoutException ex) {
			throw new WeChatException(WeChatException.Kind.UNAVAILABLE, "WeChat " + path + " timed out", ex);
		}
		catch (IOException ex) {
			throw new WeChatException(WeChatException.Kind.UNAVAILABLE, "WeChat " + path + " unreachable", ex);
		}
		if (response.statusCode() != 200) {
			throw new WeChatException(WeChatException.Kind.UNAVAILABLE, 0,
					"WeChat " + path + " answered HTTP " + response.statusCode());
		}
		JsonNode reply;
		try {
			// Always UTF-8: the declared charset is missing or non-standard, and nicknames carry emoji.
			reply = this.json.readTree(new String(response.body(), StandardCharsets.UTF_8));
		}
		catch (JacksonException ex) {
			// not kept as the cause: the parser's message quotes the reply, which may echo our request
			throw new WeChatException(WeChatException.Kind.UNAVAILABLE, 0, "WeChat " + path + " answered malformed JSON");
		}
		if (reply == null || !reply.isObject()) {
			throw new WeChatException(WeChatException.Kind.UNAVAILABLE, 0, "WeChat " + path + " answered no JSON object");
		}
		int errcode = reply.path("errcode").asInt(0);
		if (errcode != 0) {
			WeChatException.Kind kind = WeChatErrorCodes.kindOf(errcode);
			if (kind == WeChatException.Kind.MISCONFIGURED) {
				logger.warn("WeChat " + path + " answered errcode " + errcode + ": "
						+ WeChatErrorCodes.operatorAction(errcode));
			}
			// errmsg may echo parameters; keep it out of the message, the errcode says enough
			throw new WeChatException(kind, errcode, "WeChat " + path + " errcode " + errcode);
		}
		return reply;
	}

	/**
	 * One blocking exchange on the calling (virtual) thread, over a kept-alive connection: no selector thread and no
	 * hand-offs between threads, on which {@code java.net.http} spent a noticeable share of the auth server's CPU in a
	 * web-login profile. The body is read to the end so that the connection goes back to the JDK's keep-alive cache.
	 */
	private Response exchange(Request request) throws IOException {
		HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection();
		connection.setInstanceFollowRedirects(false);
		connection.setUseCaches(false);
		connection.setConnectTimeout(this.timeoutMillis);
		connection.setReadTimeout(this.timeoutMillis);
		// WeChat ignores it; a proxy's or the emulator's log can then be matched with ours
		String correlationId = MDC.get(CorrelationIds.MDC_KEY);
		if (correlationId != null) {
			connection.setRequestProperty(CorrelationIds.HEADER, correlationId);
		}
		if (request.json() != null) {
			connection.setRequestMethod("POST");
			connection.setDoOutput(true);
			connection.setRequestProperty("Content-Type", "application/json");
			// buffered, not streamed: the JDK may then resend it once when a kept-alive connection turns out closed
			try (OutputStream body = connection.getOutputStream()) {
				body.write(request.json());
			}
		}
		int status = connection.getResponseCode();
		InputStream stream = (status >= 400) ? connection.getErrorStream() : connection.getInputStream();
		if (stream == null) {
			return new Response(status, new byte[0]);
		}
		try (stream) {
			return new Response(status, stream.readAllBytes());
		}
	}

	private record Request(URI uri, byte[] json) {
	}

	private record Response(int statusCode, byte[] body) {
	}

	private static String required(JsonNode reply, String field) {
		String value = text(reply, field, null);
		if (value == null) {
			throw new WeChatException(WeChatException.Kind.UNAVAILABLE, 0, "WeChat reply lacks " + field);
		}
		return value;
	}

	private static String text(JsonNode reply, String field, String fallback) {
		JsonNode node = reply.get(field);
		return (node != null && node.isString() && !node.asString().isEmpty()) ? node.asString() : fallback;
	}

}
