package dev.wxauth.server.wechat.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * WeChat's message push to one of our apps, checked before anything is believed: the app is ours and has a push
 * token; the signature is over its token, timestamp and nonce (compared in constant time); the timestamp is within
 * the window; in safe mode the {@code msg_signature} also covers the ciphertext, which decrypts under the app's
 * EncodingAESKey and names the app as its receiver. An app with an EncodingAESKey takes safe-mode pushes only: a
 * plaintext push's signature leaves its body unsigned. Then, in one transaction, the push's receipt (a replay is
 * refused) and its effect ({@link PersonEvents}): a push whose effect failed is not recorded and may come again.
 * Every push is counted and logged, never with the person's ids.
 *
 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html">Message
 * push</a>
 */
final class WeChatPushes {

	private static final Log logger = LogFactory.getLog(WeChatPushes.class);

	/** How WeChat's messages are answered when taken. */
	static final String SUCCESS = "success";

	private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");

	private static final Pattern NONCE = Pattern.compile("[\\x21-\\x7e]{1,64}");

	private static final Pattern ECHOSTR = Pattern.compile("[\\x21-\\x7e]{1,128}");

	private final WeChatApps apps;

	private final PushReceipts receipts;

	private final PersonEvents events;

	private final TransactionOperations transactions;

	private final WeChatEventMetrics metrics;

	private final Duration window;

	private final Clock clock;

	WeChatPushes(WeChatApps apps, PushReceipts receipts, PersonEvents events, TransactionOperations transactions,
			WeChatEventMetrics metrics, Duration window, Clock clock) {
		Assert.notNull(apps, "apps cannot be null");
		Assert.notNull(receipts, "receipts cannot be null");
		Assert.notNull(events, "events cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(metrics, "metrics cannot be null");
		Assert.isTrue(window != null && window.isPositive(), "window must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.apps = apps;
		this.receipts = receipts;
		this.events = events;
		this.transactions = transactions;
		this.metrics = metrics;
		this.window = window;
		this.clock = clock;
	}

	/**
	 * WeChat's check of the push URL, when it is set in its console: {@code echostr} back, once the signature is
	 * the app's.
	 * @throws InvalidPushException when it is not
	 */
	String verifyUrl(String appName, Signed signed, @Nullable String echostr) {
		WeChatApp app = null;
		try {
			app = app(appName);
			long timestamp = verified(app, signed);
			checkWindow(timestamp);
			if (echostr == null || !ECHOSTR.matcher(echostr).matches()) {
				throw InvalidPushException.malformed("echostr is missing or not WeChat's");
			}
			this.metrics.count(app.name(), WeChatEventMetrics.URL_VERIFICATION, "verified");
			logger.info("WeChat verified the push URL of app " + app.name());
			return echostr;
		}
		catch (InvalidPushException ex) {
			refused(app, WeChatEventMetrics.URL_VERIFICATION, ex);
			throw ex;
		}
	}

	/**
	 * One push: checked, then its receipt and effect in one transaction.
	 * @return the answer WeChat expects of a message taken
	 * @throws InvalidPushException when it is refused; nothing changed
	 */
	String receive(String appName, Signed signed, byte[] body) {
		WeChatApp app = null;
		String event = WeChatEventMetrics.NOT_READ;
		try {
			app = app(appName);
			long timestamp = verified(app, signed);
			checkWindow(timestamp);
			PushMessage message = message(app, signed, body);
			event = PersonEvents.eventOf(message);
			PersonEvents.check(app, message);
			WeChatApp receiver = app;
			String outcome = this.transactions.execute((transaction) -> {
				if (!this.receipts.record(receiver.name(), timestamp, signed.nonce())) {
					throw InvalidPushException.replayed();
				}
				return this.events.apply(receiver, message);
			});
			this.metrics.count(app.name(), event, outcome);
			logger.info("WeChat event " + event + " for app " + app.name() + ": " + outcome);
			return SUCCESS;
		}
		catch (InvalidPushException ex) {
			refused(app, event, ex);
			throw ex;
		}
		catch (RuntimeException ex) {
			this.metrics.count((app != null) ? app.name() : WeChatEventMetrics.UNKNOWN_APP, event, "error");
			throw ex;
		}
	}

	private void refused(@Nullable WeChatApp app, String event, InvalidPushException ex) {
		String name = (app != null) ? app.name() : WeChatEventMetrics.UNKNOWN_APP;
		this.metrics.count(name, event, ex.outcome());
		String message = "WeChat push for app " + name + " refused (" + ex.outcome() + "): " + ex.getMessage();
		if (ex.outcome().equals("forged") || ex.outcome().equals("unencrypted")) {
			logger.warn(message);
		}
		else {
			logger.debug(message);
		}
	}

	private WeChatApp app(String name) {
		return this.apps.receivingPushes(name)
			.filter(WeChatApp::receivesPushes)
			.orElseThrow(InvalidPushException::unknownApp);
	}

	/** @return the signed timestamp */
	private long verified(WeChatApp app, Signed signed) {
		if (signed.signature() == null || signed.timestamp() == null || signed.nonce() == null) {
			throw InvalidPushException.malformed("signature, timestamp and nonce are required");
		}
		if (!TIMESTAMP.matcher(signed.timestamp()).matches() || !NONCE.matcher(signed.nonce()).matches()) {
			throw InvalidPushException.malformed("timestamp or nonce is not WeChat's");
		}
		if (!PushSignature.matches(signed.signature(), app.pushToken(), signed.timestamp(), signed.nonce())) {
			throw InvalidPushException.forged("The signature is not the app's");
		}
		return Long.parseLong(signed.timestamp());
	}

	private void checkWindow(long timestamp) {
		long now = this.clock.instant().getEpochSecond();
		if (Math.abs(now - timestamp) > this.window.toSeconds()) {
			throw InvalidPushException.stale();
		}
	}

	/** The push's message: the body itself, or in safe mode what its ciphertext holds for this app. */
	private PushMessage message(WeChatApp app, Signed signed, byte[] body) {
		String encryptType = signed.encryptType();
		boolean encrypted = "aes".equals(encryptType);
		if (encryptType != null && !encrypted && !"raw".equals(encryptType)) {
			throw InvalidPushException.malformed("encrypt_type is neither aes nor raw");
		}
		if (!encrypted) {
			if (app.encodingAesKey() != null) {
				throw InvalidPushException.unencrypted();
			}
			return PushMessage.parse(body);
		}
		if (app.encodingAesKey() == null) {
			throw InvalidPushException.malformed("The app has no EncodingAESKey: it takes plaintext pushes only");
		}
		if (signed.msgSignature() == null) {
			throw InvalidPushException.malformed("msg_signature is required in safe mode");
		}
		String ciphertext = PushMessage.parse(body).field("Encrypt");
		if (ciphertext == null) {
			throw InvalidPushException.malformed("Encrypt is required in safe mode");
		}
		if (!PushSignature.matches(signed.msgSignature(), app.pushToken(), signed.timestamp(), signed.nonce(),
				ciphertext)) {
			throw InvalidPushException.forged("The msg_signature is not the app's");
		}
		String plaintext = new PushMessageCipher(app.encodingAesKey()).decrypt(ciphertext, app.appid());
		return PushMessage.parse(plaintext.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A push's query parameters: what WeChat signs and how.
	 * @param encryptType {@code aes} in safe mode
	 * @param msgSignature the signature that also covers the ciphertext, in safe mode
	 */
	record Signed(@Nullable String signature, @Nullable String timestamp, @Nullable String nonce,
			@Nullable String encryptType, @Nullable String msgSignature) {
	}

}
