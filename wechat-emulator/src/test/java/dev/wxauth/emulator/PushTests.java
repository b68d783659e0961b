package dev.wxauth.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.wxauth.emulator.WeChatFlows.MINI_PROGRAM;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE_WITHOUT_OPEN_PLATFORM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * WeChat's message push as the emulator sends it, to a server of the test's own that records what it got: each
 * push signed with the app's token, in plaintext or encrypted under its EncodingAESKey for its appid, XML or JSON,
 * forged when asked; the URL check; the HTTP controls; WeChat's own encryption vector.
 */
class PushTests {

	static final String TOKEN = "push-token-of-the-test";

	static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

	private final WeChatEmulator emulator = SharedEmulator.get();

	private final EmulatorHttp http = new EmulatorHttp(this.emulator.baseUrl());

	private final AtomicReference<Received> received = new AtomicReference<>();

	private HttpServer server;

	private String url;

	@BeforeEach
	void start() throws IOException {
		this.emulator.reset();
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.createContext("/events/", (exchange) -> {
			this.received.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(),
					exchange.getRequestHeaders().getFirst("Content-Type"),
					new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
			String echostr = parameters(exchange.getRequestURI().getRawQuery()).get("echostr");
			byte[] answer = ((echostr != null) ? echostr : "success").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		this.server.start();
		this.url = "http://localhost:" + this.server.getAddress().getPort() + "/events/mini";
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void cipherWhenWeChatsSampleThenItsCiphertext() {
		// WeChat's sample code (WXBizMsgCryptTest): this key, appid and "random" bytes give this ciphertext
		assertThat(PushCipher.encrypt(KEY, "我是中文abcd123", "wxb11529c136998cb6",
				"aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII)))
			.isEqualTo("jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
		assertThat(PushCipher.signature("AAAAA", "1714036504", "1514711492"))
			.isEqualTo("f464b24fc39322e44b38aa78f5edd27bd1441696");
	}

	@Test
	void pushWhenPlainXmlThenSignedEventAboutTheUsersIds() {
		this.emulator.configurePush(MINI_PROGRAM, this.url, TOKEN, null);

		PushReply reply = this.emulator.push(PushRequest.of(MINI_PROGRAM, "user_authorization_revoke", "alice"));

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.body()).isEqualTo("success");
		assertThat(reply.taken()).isTrue();
		Received push = this.received.get();
		assertThat(push.method()).isEqualTo("POST");
		assertThat(push.contentType()).startsWith("text/xml");
		Map<String, String> query = parameters(push.query());
		assertThat(query).doesNotContainKeys("encrypt_type", "msg_signature");
		assertThat(query.get("timestamp")).isEqualTo(Long.toString(reply.timestamp()));
		assertThat(query.get("nonce")).isEqualTo(reply.nonce());
		assertThat(query.get("signature")).isEqualTo(PushCipher.signature(TOKEN, query.get("timestamp"),
				query.get("nonce")));
		Map<String, String> fields = xml(push.body());
		assertThat(fields).containsEntry("MsgType", "event")
			.containsEntry("Event", "user_authorization_revoke")
			.containsEntry("OpenID", this.emulator.openid(MINI_PROGRAM, "alice"))
			.containsEntry("UnionID", this.emulator.unionid(MINI_PROGRAM, "alice"))
			.containsEntry("AppID", MINI_PROGRAM)
			.containsEntry("CreateTime", Long.toString(reply.timestamp()))
			.containsKeys("ToUserName", "FromUserName", "RevokeInfo");
	}

	@Test
	void pushWhenAesJsonThenEncryptedForTheAppAndSignedWithTheCiphertext() throws GeneralSecurityException {
		this.emulator.configurePush(MINI_PROGRAM, this.url, TOKEN, KEY);

		PushReply reply = this.emulator.push(PushRequest.of(MINI_PROGRAM, "user_authorization_cancellation", "bob")
			.format("json"));

		assertThat(reply.taken()).isTrue();
		Received push = this.received.get();
		assertThat(push.contentType()).startsWith("application/json");
		Map<String, String> query = parameters(push.query());
		JsonNode envelope = EmulatorHttp.JSON.readTree(push.body());
		String ciphertext = envelope.get("Encrypt").asString();
		assertThat(envelope.has("OpenID")).isFalse();
		assertThat(query).containsEntry("encrypt_type", "aes");
		assertThat(query.get("signature")).isEqualTo(PushCipher.signature(TOKEN, query.get("timestamp"),
				query.get("nonce")));
		assertThat(query.get("msg_signature")).isEqualTo(PushCipher.signature(TOKEN, query.get("timestamp"),
				query.get("nonce"), ciphertext));
		String[] plaintext = decrypt(ciphertext);
		assertThat(plaintext[1]).isEqualTo(MINI_PROGRAM);
		JsonNode message = EmulatorHttp.JSON.readTree(plaintext[0]);
		assertThat(message.get("Event").asString()).isEqualTo("user_authorization_cancellation");
		assertThat(message.get("OpenID").asString()).isEqualTo(this.emulator.openid(MINI_PROGRAM, "bob"));
		assertThat(message.get("CreateTime").isNumber()).isTrue();
	}

	@Test
	void pushWhenTheAppHasAKeyThenSafeModeByDefault() {
		this.emulator.configurePush(MINI_PROGRAM, this.url, TOKEN, KEY);

		this.emulator.push(PushRequest.of(MINI_PROGRAM, "user_info_modified", "alice"));

		assertThat(parameters(this.received.get().query())).containsEntry("encrypt_type", "aes");
	}

	@Test
	void pushWhenStraySpacesThenJsonNamesAsInWeChatsSample() {
		this.emulator.configurePush(MINI_PROGRAM, this.url, TOKEN, null);

		this.emulator.push(PushRequest.of(MINI_PROGRAM, "user_info_modified", "alice").format("json").withStraySpaces());

		JsonNode message = EmulatorHttp.JSON.readTree(this.received.get().body());
		assertThat(message.has(" OpenID")).isTrue();
		assertThat(message.has(" AppID")).isTrue();
		assertThat(message.has("Event")).isTrue();
	}

	@Test
	void pushWhenForgedThenTheSignatureTheMsgSignatureOrTheReceiverIsWrong() throws GeneralSecurityException {
		this.emulator.configurePush(MINI_PROGRAM, this.url, TOKEN, KEY);
		PushRequest revoke = PushRequest.of(MINI_PROGRAM, "user_authorization_revoke", "alice");

		this.emulator.push(revoke.forging("signature"));
		Map<String, String> query = parameters(this.received.get().query());
		assertThat(query.get("signature")).isNotEqualTo(PushCipher.signature(TOKEN, query.get("timestamp"),
				query.get("nonce")));

		this.emulator.push(revoke.forging("msg_signature"));
		query = parameters(this.received.get().query());
		String ciphertext = xml(this.received.get().body()).get("Encrypt");
		assertThat(query.get("signature")).isEqualTo(PushCipher.signature(TOKEN, query.get("timestamp"),
				query.get("nonce")));
		assertThat(query.get("msg_signature")).isNotEqualTo(PushCipher.signature(TOKEN, query.get("timestamp"),
				query.get("nonce"), ciphertext));

		this.emulator.push(revoke.forging("appid"));
		assertThat(decrypt(xml(this.received.get().body()).get("Encrypt"))[1]).isNotEqualTo(MINI_PROGRAM);
	}

	@Test
	void pushWhenSignedAtThenThatTimestampAndNonceEachTime() {
		this.emulator.configurePush(MINI_PROGRAM, this.url, TOKEN, null);
		PushRequest revoke = PushRequest.of(MINI_PROGRAM, "user_authorization_revoke", "alice").signedAt(1714037059L,
				"486452656");

		this.emulator.push(revoke);
		String first = this.received.get().query();
		this.emulator.push(revoke);

		assertThat(this.received.get().query()).isEqualTo(first);
		assertThat(parameters(first)).containsEntry("timestamp", "1714037059").containsEntry("nonce", "486452656");
	}

	@Test
	void pushWhenAboutAnOpenidOfAnAppWithoutOpenPlatformThenNoUnionid() {
		this.emulator.configurePush(WEBSITE_WITHOUT_OPEN_PLATFORM, this.url, TOKEN, null);

		this.emulator.push(PushRequest.aboutOpenid(WEBSITE_WITHOUT_OPEN_PLATFORM, "user_info_modified", "o-someone"));

		assertThat(xml(this.received.get().body())).containsEntry("OpenID", "o-someone").doesNotContainKey("UnionID");
	}

	@Test
	void verifyPushUrlWhenSignedThenGetWithEchostr() {
		this.emulator.configurePush(MINI_PROGRAM, this.url, TOKEN, KEY);

		PushReply reply = this.emulator.verifyPushUrl(MINI_PROGRAM);

		Received check = this.received.get();
		Map<String, String> query = parameters(check.query());
		assertThat(check.method()).isEqualTo("GET");
		assertThat(query.get("echostr")).isEqualTo(reply.echostr());
		assertThat(query.get("signature")).isEqualTo(PushCipher.signature(TOKEN, query.get("timestamp"),
				query.get("nonce")));
		assertThat(reply.body()).isEqualTo(reply.echostr());
		this.emulator.verifyPushUrlForged(MINI_PROGRAM);
		query = parameters(this.received.get().query());
		assertThat(query.get("signature")).isNotEqualTo(PushCipher.signature(TOKEN, query.get("timestamp"),
				query.get("nonce")));
	}

	@Test
	void pushWhenTheAppHasNoPushOrNoKeyForAesOrIsUnknownThenRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.emulator.push(PushRequest.of("wxd0000000000000c3", "user_info_modified", "alice")));
		this.emulator.configurePush(MINI_PROGRAM, this.url, TOKEN, null);
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.emulator.push(PushRequest.of(MINI_PROGRAM, "user_info_modified", "alice").mode("aes")));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.emulator.push(PushRequest.of("wx-unknown", "user_info_modified", "alice")));
	}

	@Test
	void resetWhenPushConfiguredThenTheConfiguredOneAgain() {
		this.emulator.configurePush(MINI_PROGRAM, this.url, TOKEN, KEY);

		this.emulator.reset();

		assertThat(this.http.post("/emulator/apps/" + MINI_PROGRAM, "{}").text("push_url"))
			.isEqualTo("http://localhost:9000/wechat/events/mini-program");
	}

	@Test
	void controlsWhenOverHttpThenPushAndAnswerAsJson() {
		EmulatorHttp.Reply configured = this.http.post("/emulator/apps/" + MINI_PROGRAM,
				"{\"push\": {\"url\": \"" + this.url + "\", \"token\": \"" + TOKEN + "\"}}");
		assertThat(configured.status()).isEqualTo(200);
		assertThat(configured.text("push_url")).isEqualTo(this.url);

		EmulatorHttp.Reply pushed = this.http.post("/emulator/push", "{\"appid\": \"" + MINI_PROGRAM
				+ "\", \"event\": \"user_authorization_revoke\", \"user\": \"alice\", \"format\": \"json\","
				+ " \"timestamp\": 1714037059, \"nonce\": \"486452656\"}");
		assertThat(pushed.status()).isEqualTo(200);
		assertThat(pushed.json().get("status").asInt()).isEqualTo(200);
		assertThat(pushed.text("body")).isEqualTo("success");
		assertThat(pushed.text("nonce")).isEqualTo("486452656");
		assertThat(parameters(this.received.get().query())).containsEntry("signature",
				PushCipher.signature(TOKEN, "1714037059", "486452656"));

		EmulatorHttp.Reply verified = this.http.post("/emulator/push/verify", "{\"appid\": \"" + MINI_PROGRAM + "\"}");
		assertThat(verified.text("body")).isEqualTo(verified.text("echostr"));

		assertThat(this.http.post("/emulator/push", "{\"appid\": \"" + MINI_PROGRAM
				+ "\", \"event\": \"user_info_modified\", \"user\": \"alice\", \"mode\": \"rot13\"}").status())
			.isEqualTo(400);
		assertThat(this.http.post("/emulator/push", "{\"appid\": \"wx-unknown\", \"event\": \"user_info_modified\","
				+ " \"user\": \"alice\"}").status()).isEqualTo(404);
		assertThat(this.http.post("/emulator/push", "{\"appid\": \"" + MINI_PROGRAM
				+ "\", \"event\": \"user_info_modified\", \"user\": \"nobody\"}").status()).isEqualTo(404);
		assertThat(this.http.post("/emulator/apps/" + MINI_PROGRAM, "{\"push\": {\"url\": \"ftp://x\"}}").status())
			.isEqualTo(400);
		assertThat(this.http.post("/emulator/apps/" + MINI_PROGRAM, "{\"push\": null}").text("push_url")).isNull();
		assertThat(this.http.post("/emulator/push", "{\"appid\": \"" + MINI_PROGRAM
				+ "\", \"event\": \"user_info_modified\", \"user\": \"alice\"}").status()).isEqualTo(400);
	}

	/** The message and the appid a ciphertext holds, as the receiving server reads them. */
	private static String[] decrypt(String ciphertext) throws GeneralSecurityException {
		byte[] key = Base64.getDecoder().decode(KEY + "=");
		Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
		cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
		byte[] plaintext = cipher.doFinal(Base64.getDecoder().decode(ciphertext));
		int end = plaintext.length - plaintext[plaintext.length - 1];
		int length = ByteBuffer.wrap(plaintext, 16, 4).getInt();
		return new String[] { new String(plaintext, 20, length, StandardCharsets.UTF_8),
				new String(plaintext, 20 + length, end - 20 - length, StandardCharsets.UTF_8) };
	}

	private static Map<String, String> xml(String body) {
		Map<String, String> fields = new LinkedHashMap<>();
		Matcher field = Pattern.compile("<([A-Za-z]+)>(?:<!\\[CDATA\\[(.*?)]]>|([^<]*))</\\1>").matcher(body);
		while (field.find()) {
			fields.put(field.group(1), (field.group(2) != null) ? field.group(2) : field.group(3));
		}
		return fields;
	}

	private static Map<String, String> parameters(String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				int equals = pair.indexOf('=');
				parameters.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1),
						StandardCharsets.UTF_8));
			}
		}
		return parameters;
	}

	record Received(String method, String query, String contentType, String body) {
	}

}
