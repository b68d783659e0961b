package dev.wxauth.emulator;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * The two authorize pages of {@code open.weixin.qq.com}: which app kind may use each, with which scopes, and how
 * long its codes live.
 */
enum AuthorizeFlow {

	/** Website QR login ({@code shared/wechat-api.md} §1). */
	QR_CONNECT("/connect/qrconnect", "微信登录", AppKind.WEBSITE, Set.of(Identity.SNSAPI_LOGIN),
			EmulatorProperties.Lifetimes::qrconnectCode),

	/** Official-account web authorization inside WeChat (§2). */
	OAUTH2_AUTHORIZE("/connect/oauth2/authorize", "微信授权", AppKind.OFFICIAL_ACCOUNT,
			Set.of(Identity.SNSAPI_BASE, Identity.SNSAPI_USERINFO), EmulatorProperties.Lifetimes::oauth2AuthorizeCode);

	private final String path;

	private final String title;

	private final AppKind appKind;

	private final Set<String> scopes;

	private final Function<EmulatorProperties.Lifetimes, Duration> codeLifetime;

	AuthorizeFlow(String path, String title, AppKind appKind, Set<String> scopes,
			Function<EmulatorProperties.Lifetimes, Duration> codeLifetime) {
		this.path = path;
		this.title = title;
		this.appKind = appKind;
		this.scopes = scopes;
		this.codeLifetime = codeLifetime;
	}

	String path() {
		return this.path;
	}

	String title() {
		return this.title;
	}

	AppKind appKind() {
		return this.appKind;
	}

	boolean allowsScope(String scope) {
		return scope != null && this.scopes.contains(scope);
	}

	Duration codeLifetime(EmulatorProperties.Lifetimes lifetimes) {
		return this.codeLifetime.apply(lifetimes);
	}

}
