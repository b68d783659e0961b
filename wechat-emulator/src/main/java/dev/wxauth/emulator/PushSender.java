package dev.wxauth.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * WeChat's message push to an app's server, for the events about a person (authorization withdrawn, account
 * cancelled, profile cleaned up): the message as WeChat writes it in XML or JSON, in plaintext or encrypted (safe
 * mode), signed with the app's push token, posted to its push URL; and the check of that URL WeChat makes when it is
 * set. Sent once: WeChat's retries (when the answer is not {@code success} within 5 s) are the test's to make.
 *
 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html">Message
 * push</a>
 */
@Component
final class PushSender {

	/** Who WeChat's pushes say they come from: its push service, not the person. */
	static final String PUSH_SERVICE = "owAqB1v0ahK_Xlc7GshIDdf2yf7E";

	/** WeChat waits this long for an answer. */
	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** An appid that is not the receiver's: what a push encrypted for another app names. */
	private static final String ANOTHER_APPID = "wx0000000000000000";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final SecureRandom random = new SecureRandom();

	private final Directory directory;

	private final Clock clock;

	PushSender(Directory directory, Clock clock) {
		Assert.notNull(directory, "directory cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.directory = directory;
		this.clock = clock;
	}

	PushReply push(PushRequest request) {
		WeChatApp app = app(request.appid());
		WeChatApp.Push push = app.push();
		boolean encrypted = (request.mode() != null) ? request.mode().equals("aes") : push.encodingAesKey() != null;
		if (encrypted && push.encodingAesKey() == null) {
			throw EmulatorControlException.badRequest("the app " + app.appid() + " has no EncodingAESKey: plain only");
		}
		boolean asJson = "json".equals(request.format());
		long timestamp = (request.timestamp() != null) ? request.timestamp() : this.clock.instant().getEpochSecond();
		String nonce = (request.nonce() != null) ? request.nonce() : digits(10);
		String message = write(message(app, request, timestamp), asJson, request.straySpaces());
		Map<String, String> query = new LinkedHashMap<>();
		query.put("signature", PushCipher.signature(token(push, request, "signature"), Long.toString(timestamp),
				nonce));
		query.put("timestamp", Long.toString(timestamp));
		query.put("nonce", nonce);
		String body = message;
		if (encrypted) {
			byte[] first = new byte[16];
			this.random.nextBytes(first);
			String ciphertext = PushCipher.encrypt(push.encodingAesKey(), message,
					"appid".equals(request.forge()) ? ANOTHER_APPID : app.appid(), first);
			Map<String, Object> envelope = new LinkedHashMap<>();
			envelope.put("ToUserName", accountName(app));
			envelope.put("Encrypt", ciphertext);
			body = write(envelope, asJson, false);
			query.put("encrypt_type", "aes");
			query.put("msg_signature", PushCipher.signature(token(push, request, "msg_signature"),
					Long.toString(timestamp), nonce, ciphertext));
		}
		HttpRequest post = HttpRequest.newBuilder(uri(push.url(), query))
			.timeout(TIMEOUT)
			.header("Content-Type", asJson ? "application/json" : "text/xml")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build();
		HttpResponse<String> response = send(post);
		return new PushReply(response.statusCode(), response.body(), timestamp, nonce, null);
	}

	/** WeChat's GET of the push URL when it is set: the server must answer {@code echostr}. */
	PushReply verifyUrl(String appid, boolean forged) {
		WeChatApp.Push push = app(appid).push();
		long timestamp = this.clock.instant().getEpochSecond();
		String nonce = digits(10);
		String echostr = digits(19);
		Map<String, String> query = new LinkedHashMap<>();
		query.put("signature", PushCipher.signature(forged ? push.token() + "-forged" : push.token(),
				Long.toString(timestamp), nonce));
		query.put("echostr", echostr);
		query.put("timestamp", Long.toString(timestamp));
		query.put("nonce", nonce);
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri(push.url(), query)).timeout(TIMEOUT).GET()
			.build());
		return new PushReply(response.statusCode(), response.body(), timestamp, nonce, echostr);
	}

	private WeChatApp app(String appid) {
		WeChatApp app = this.directory.app(appid).orElseThrow(() -> EmulatorControlException.notFound("no app " + appid));
		if (app.push() == null) {
			throw EmulatorControlException.badRequest("the app " + appid + " has no push URL and token");
		}
		return app;
	}

	private Map<String, Object> message(WeChatApp app, PushRequest request, long timestamp) {
		String openid = request.openid();
		String unionid = null;
		if (request.user() != null) {
			TestUser user = this.directory.user(request.user())
				.orElseThrow(() -> EmulatorControlException.notFound("no user " + request.user()));
			openid = Identity.openid(app.appid(), user.id());
			unionid = app.hasOpenPlatformAccount() ? Identity.unionid(app.openPlatformAccount(), user.id()) : null;
		}
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("ToUserName", accountName(app));
		message.put("FromUserName", PUSH_SERVICE);
		message.put("CreateTime", timestamp);
		message.put("MsgType", "event");
		message.put("Event", request.event());
		message.put("OpenID", openid);
		if (unionid != null) {
			message.put("UnionID", unionid);
		}
		message.put("AppID", app.appid());
		if (request.event().equals("user_authorization_revoke")) {
			message.put("RevokeInfo", revokeInfo(app.kind()));
		}
		return message;
	}

	/** What the person withdrew, as WeChat numbers it for each kind of app: everything, or their name and avatar. */
	private static String revokeInfo(AppKind kind) {
		return switch (kind) {
			case MINI_PROGRAM -> "6";
			case OFFICIAL_ACCOUNT -> "205";
			default -> "301";
		};
	}

	/** The app's account name ({@code gh_...}), as pushes address it. */
	private static String accountName(WeChatApp app) {
		return "gh_" + HexFormat.of().formatHex(app.appid().getBytes(StandardCharsets.US_ASCII)).substring(4, 16);
	}

	private static String token(WeChatApp.Push push, PushRequest request, String signature) {
		return signature.equals(request.forge()) ? push.token() + "-forged" : push.token();
	}

	private static String write(Map<String, Object> fields, boolean asJson, boolean straySpaces) {
		if (asJson) {
			ObjectNode object = json.createObjectNode();
			fields.forEach((name, value) -> {
				String key = (straySpaces && List.of("OpenID", "UnionID", "AppID", "RevokeInfo").contains(name))
						? " " + name : name;
				if (value instanceof Long number) {
					object.put(key, number);
				}
				else {
					object.put(key, value.toString());
				}
			});
			return json.writeValueAsString(object);
		}
		StringBuilder xml = new StringBuilder("<xml>");
		fields.forEach((name, value) -> {
			xml.append('<').append(name).append('>');
			xml.append((value instanceof Long) ? value.toString() : "<![CDATA[" + value + "]]>");
			xml.append("</").append(name).append('>');
		});
		return xml.append("</xml>").toString();
	}

	private static URI uri(String url, Map<String, String> query) {
		List<String> parameters = new ArrayList<>();
		query.forEach((name, value) -> parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return URI.create(url + (url.contains("?") ? "&" : "?") + String.join("&", parameters));
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw EmulatorControlException.badGateway("the push URL did not answer: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw EmulatorControlException.badGateway("interrupted");
		}
	}

	private String digits(int count) {
		StringBuilder digits = new StringBuilder();
		digits.append(1 + this.random.nextInt(9));
		while (digits.length() < count) {
			digits.append(this.random.nextInt(10));
		}
		return digits.toString();
	}

}
