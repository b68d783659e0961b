package dev.wxauth.server.wechat.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import dev.wxauth.server.wechat.AppKind;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.util.Assert;

/**
 * Which WeChat login a signed-out browser gets. Inside WeChat (a {@code MicroMessenger} User-Agent): the official
 * account's authorization. Elsewhere: the website app's QR login, on WeChat's own page or, with
 * {@code wxauth.wechat.embed-qr}, as WeChat's widget in our login page. None when no app fits. The app of each kind is
 * the first of the waiting client's login apps when it names some, otherwise the first of ours.
 */
public final class WeChatLoginChoice {

	static final String WECHAT_BROWSER = "MicroMessenger";

	private final WeChatApps apps;

	private final boolean embedQr;

	private final WeChatClientRegistrations registrations;

	private final OAuth2AuthorizationRequestResolver authorizationRequests;

	private final AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequestRepository;

	private final WaitingClient waitingClient;

	WeChatLoginChoice(WeChatApps apps, WaitingClient waitingClient, boolean embedQr,
			WeChatClientRegistrations registrations,
			OAuth2AuthorizationRequestResolver authorizationRequests,
			AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequestRepository) {
		Assert.notNull(apps, "apps cannot be null");
		Assert.notNull(registrations, "registrations cannot be null");
		Assert.notNull(authorizationRequests, "authorizationRequests cannot be null");
		Assert.notNull(authorizationRequestRepository, "authorizationRequestRepository cannot be null");
		this.apps = apps;
		this.waitingClient = waitingClient;
		this.embedQr = embedQr;
		this.registrations = registrations;
		this.authorizationRequests = authorizationRequests;
		this.authorizationRequestRepository = authorizationRequestRepository;
	}

	WeChatClientRegistrations registrations() {
		return this.registrations;
	}

	OAuth2AuthorizationRequestResolver authorizationRequests() {
		return this.authorizationRequests;
	}

	AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequestRepository() {
		return this.authorizationRequestRepository;
	}

	public Choice choose(HttpServletRequest request) {
		boolean insideWeChat = Optional.ofNullable(request.getHeader(HttpHeaders.USER_AGENT))
			.map((agent) -> agent.contains(WECHAT_BROWSER))
			.orElse(false);
		List<String> clientsApps = this.waitingClient.rules().apps();
		Optional<WeChatApp> officialAccount = firstOfKind(AppKind.OFFICIAL_ACCOUNT, clientsApps);
		Optional<WeChatApp> website = firstOfKind(AppKind.WEBSITE, clientsApps);
		if (insideWeChat && officialAccount.isPresent()) {
			return new Choice(Kind.WECHAT_PAGE, officialAccount.get(), null);
		}
		if (website.isEmpty()) {
			return new Choice(Kind.UNAVAILABLE, null,
					officialAccount.isPresent() ? "login.openInWeChat" : "login.notConfigured");
		}
		return new Choice(this.embedQr ? Kind.EMBEDDED_QR : Kind.WECHAT_PAGE, website.get(), null);
	}

	private Optional<WeChatApp> firstOfKind(AppKind kind, List<String> clientsApps) {
		if (clientsApps.isEmpty()) {
			return this.apps.firstOfKind(kind);
		}
		return clientsApps.stream()
			.map(this.apps::byName)
			.flatMap(Optional::stream)
			.filter((app) -> app.kind() == kind)
			.findFirst();
	}

	/**
	 * Starts the WeChat leg of the login with {@code app}: its authorization request, saved (with its
	 * {@code state}) as {@code /oauth2/authorization/{app}} would save it.
	 * @return the request, or {@code null} when {@code request} cannot start one (its URL does not parse)
	 */
	@Nullable OAuth2AuthorizationRequest startWeChatLeg(WeChatApp app, HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizationRequest wechat = this.authorizationRequests.resolve(request, app.name());
		if (wechat != null) {
			this.authorizationRequestRepository.saveAuthorizationRequest(wechat, request, response);
		}
		return wechat;
	}

	/**
	 * What WeChat's QR widget in our login page needs, for an {@link Kind#EMBEDDED_QR} choice.
	 * @return the widget, or {@code null} when {@code request} cannot start a login
	 */
	public @Nullable QrWidget qrWidget(Choice choice, HttpServletRequest request, HttpServletResponse response) {
		Assert.isTrue(choice.kind() == Kind.EMBEDDED_QR, "Not an embedded QR login");
		OAuth2AuthorizationRequest wechat = startWeChatLeg(choice.app(), request, response);
		return (wechat != null) ? new QrWidget(choice.app().appid(), wechat.getRedirectUri(), wechat.getState(),
				wechat.getAuthorizationRequestUri(), QrWidget.SCRIPT) : null;
	}

	public enum Kind {

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
	public record Choice(Kind kind, @Nullable WeChatApp app, @Nullable String unavailableReason) {
	}

	/**
	 * @param appid the website app's AppID
	 * @param redirectUri our callback
	 * @param state the WeChat leg's state
	 * @param qrPageUrl WeChat's own QR page, for browsers without JavaScript
	 */
	public record QrWidget(String appid, String redirectUri, String state, String qrPageUrl, String scriptUrl) {

		/** WeChat's widget script, which draws the QR code in a frame of WeChat's QR page. */
		static final String SCRIPT = "https://res.wx.qq.com/connect/zh_CN/htmledition/js/wxLogin.js";

		/** What the page's Content-Security-Policy must let in: the script's origin and the QR page's. */
		public List<String> scriptOrigins() {
			return List.of(origin(this.scriptUrl));
		}

		public List<String> frameOrigins() {
			return List.of(origin(this.qrPageUrl));
		}

		private static String origin(String url) {
			URI uri = URI.create(url);
			return uri.getScheme() + "://" + uri.getRawAuthority();
		}

	}

}
