package dev.wxauth.server.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import dev.wxauth.server.config.WxauthProperties;
import dev.wxauth.server.config.WxauthProperties.AppKind;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Which WeChat login a signed-out browser gets. Inside WeChat (a {@code MicroMessenger} User-Agent): the official
 * account's authorization. Elsewhere: the website app's QR login, on WeChat's own page or, with
 * {@code wxauth.wechat.embed-qr}, as WeChat's widget in our login page. None when no app fits.
 */
@Component
final class WeChatLoginChoice {

	static final String WECHAT_BROWSER = "MicroMessenger";

	private final WeChatApps apps;

	private final boolean embedQr;

	WeChatLoginChoice(WeChatApps apps, WxauthProperties properties) {
		this.apps = apps;
		this.embedQr = properties.wechat().embedQr();
	}

	Choice choose(HttpServletRequest request) {
		boolean insideWeChat = Optional.ofNullable(request.getHeader(HttpHeaders.USER_AGENT))
			.map((agent) -> agent.contains(WECHAT_BROWSER))
			.orElse(false);
		Optional<WeChatApp> officialAccount = this.apps.firstOfKind(AppKind.OFFICIAL_ACCOUNT);
		Optional<WeChatApp> website = this.apps.firstOfKind(AppKind.WEBSITE);
		if (insideWeChat && officialAccount.isPresent()) {
			return new Choice(Kind.WECHAT_PAGE, officialAccount.get(), null);
		}
		if (website.isEmpty()) {
			return new Choice(Kind.UNAVAILABLE, null,
					officialAccount.isPresent() ? "login.openInWeChat" : "login.notConfigured");
		}
		return new Choice(this.embedQr ? Kind.EMBEDDED_QR : Kind.WECHAT_PAGE, website.get(), null);
	}

	enum Kind {

		/** WeChat's own authorization page: nothing of ours to show first. */
		WECHAT_PAGE,

		/** Our login page, with WeChat's QR widget in it. */
		EMBEDDED_QR,

		/** Our login page, saying why nobody can sign in here. */
		UNAVAILABLE

	}

	/**
	 * @param app the WeChat app to sign in with, unless unavailable
	 * @param unavailableReason the message key of the reason, when unavailable
	 */
	record Choice(Kind kind, WeChatApp app, String unavailableReason) {
	}

}
