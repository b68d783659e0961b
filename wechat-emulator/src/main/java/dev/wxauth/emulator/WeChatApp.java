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
 */
record WeChatApp(String appid, String secret, AppKind kind, String openPlatformAccount,
		List<String> callbackDomains) {

	WeChatApp {
		Assert.hasText(appid, "appid cannot be empty");
		Assert.hasText(secret, "secret cannot be empty");
		Assert.notNull(kind, "kind cannot be null");
		openPlatformAccount = StringUtils.hasText(openPlatformAccount) ? openPlatformAccount : null;
		callbackDomains = List.copyOf(callbackDomains);
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
