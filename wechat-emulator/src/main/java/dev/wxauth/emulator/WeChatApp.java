package dev.wxauth.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * An app registered with WeChat, as the emulator knows it.
 *
 * @param appid the appid
 * @param secret the AppSecret
 * @param kind which WeChat product the app is
 * @param openPlatformAccount the Open Platform account scoping its unionids, or {@code null} when it has none
 * @param callbackDomains the hosts a {@code redirect_uri} may name
 * @param secretFrozen whether the account's admin froze the AppSecret on WeChat's platform (40243 for every call
 * that presents it)
 * @param allowedIps the IP allow-list of the app's token fetches; empty: any address
 * @param push where and how WeChat pushes its messages to the app's server, as set in its console; {@code null}:
 * nowhere
 */
record WeChatApp(String appid, String secret, AppKind kind, String openPlatformAccount, List<String> callbackDomains,
		boolean secretFrozen, List<String> allowedIps, Push push) {

	WeChatApp {
		Assert.hasText(appid, "appid cannot be empty");
		Assert.hasText(secret, "secret cannot be empty");
		Assert.notNull(kind, "kind cannot be null");
		openPlatformAccount = StringUtils.hasText(openPlatformAccount) ? openPlatformAccount : null;
		callbackDomains = List.copyOf(callbackDomains);
		allowedIps = List.copyOf(allowedIps);
	}

	/** As WeChat's console leaves it after "reset AppSecret": a new secret, not frozen. */
	WeChatApp withSecret(String newSecret) {
		return new WeChatApp(this.appid, newSecret, this.kind, this.openPlatformAccount, this.callbackDomains, false,
				this.allowedIps, this.push);
	}

	WeChatApp withSecretFrozen(boolean frozen) {
		return new WeChatApp(this.appid, this.secret, this.kind, this.openPlatformAccount, this.callbackDomains,
				frozen, this.allowedIps, this.push);
	}

	WeChatApp withAllowedIps(List<String> ips) {
		return new WeChatApp(this.appid, this.secret, this.kind, this.openPlatformAccount, this.callbackDomains,
				this.secretFrozen, ips, this.push);
	}

	/** As the console's message push settings leave it; {@code null}: no pushes. */
	WeChatApp withPush(Push newPush) {
		return new WeChatApp(this.appid, this.secret, this.kind, this.openPlatformAccount, this.callbackDomains,
				this.secretFrozen, this.allowedIps, newPush);
	}

	boolean allowsCaller(String address) {
		return this.allowedIps.isEmpty() || this.allowedIps.contains(address);
	}

	boolean hasOpenPlatformAccount() {
		return this.openPlatformAccount != null;
	}

	/** Compares in constant time, as a secret deserves even in an emulator. */
	boolean secretMatches(String candidate) {
		return candidate != null && MessageDigest.isEqual(this.secret.getBytes(StandardCharsets.UTF_8),
				candidate.getBytes(StandardCharsets.UTF_8));
	}

	/** WeChat compares the host only: no port, no subdomains, {@code www} matters. */
	boolean allowsCallbackHost(String host) {
		return host != null && this.callbackDomains.stream()
			.anyMatch((domain) -> domain.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT)));
	}

	@Override
	public String toString() {
		return "WeChatApp[appid=" + this.appid + ", kind=" + this.kind + "]";
	}

	/**
	 * An app's message push, as its console sets it.
	 * @param url where WeChat posts the messages (the app's server)
	 * @param token the Token WeChat signs them with
	 * @param encodingAesKey the EncodingAESKey of the safe mode; {@code null}: plaintext only
	 */
	record Push(String url, String token, String encodingAesKey) {

		Push {
			Assert.hasText(url, "url cannot be empty");
			Assert.hasText(token, "token cannot be empty");
			Assert.isTrue(encodingAesKey == null || encodingAesKey.length() == 43,
					"an EncodingAESKey has 43 characters");
		}

		@Override
		public String toString() {
			return "Push[url=" + this.url + "]";
		}

	}

}
