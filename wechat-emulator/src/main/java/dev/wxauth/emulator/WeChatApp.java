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
 */
record WeChatApp(String appid, String secret, AppKind kind, String openPlatformAccount, List<String> callbackDomains,
		boolean secretFrozen, List<String> allowedIps) {

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
				this.allowedIps);
	}

	WeChatApp withSecretFrozen(boolean frozen) {
		return new WeChatApp(this.appid, this.secret, this.kind, this.openPlatformAccount, this.callbackDomains,
				frozen, this.allowedIps);
	}

	WeChatApp withAllowedIps(List<String> ips) {
		return new WeChatApp(this.appid, this.secret, this.kind, this.openPlatformAccount, this.callbackDomains,
				this.secretFrozen, ips);
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

}
