package dev.wxauth.server.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.wxauth.server.config.WxauthProperties;
import dev.wxauth.server.config.WxauthProperties.AppKind;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /login}: where a signed-out browser lands. Inside WeChat (a {@code MicroMessenger} User-Agent) it goes
 * straight to the official account's authorization; elsewhere to the website app's QR page, or shows WeChat's QR
 * widget in our own page when {@code wxauth.wechat.embed-qr} is on. With {@code ?error=...} it shows what went
 * wrong instead, in the browser's language.
 */
@Controller
final class LoginController {

	static final String WECHAT_BROWSER = "MicroMessenger";

	private final WeChatApps apps;

	private final boolean embedQr;

	private final OAuth2AuthorizationRequestResolver authorizationRequests;

	private final AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequestRepository;

	LoginController(WeChatApps apps, WxauthProperties properties,
			OAuth2AuthorizationRequestResolver authorizationRequests,
			AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequestRepository) {
		this.apps = apps;
		this.embedQr = properties.wechat().embedQr();
		this.authorizationRequests = authorizationRequests;
		this.authorizationRequestRepository = authorizationRequestRepository;
	}

	@GetMapping("/login")
	String login(@RequestParam(required = false) String error, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		if (error != null) {
			model.addAttribute("error", LoginError.of(error));
			return "login-error";
		}
		boolean insideWeChat = Optional.ofNullable(request.getHeader(HttpHeaders.USER_AGENT))
			.map((agent) -> agent.contains(WECHAT_BROWSER))
			.orElse(false);
		Optional<WeChatApp> officialAccount = this.apps.firstOfKind(AppKind.OFFICIAL_ACCOUNT);
		Optional<WeChatApp> website = this.apps.firstOfKind(AppKind.WEBSITE);
		if (insideWeChat && officialAccount.isPresent()) {
			return "redirect:/oauth2/authorization/" + officialAccount.get().name();
		}
		if (website.isEmpty()) {
			model.addAttribute("reason", officialAccount.isPresent() ? "login.openInWeChat" : "login.notConfigured");
			return "login-unavailable";
		}
		if (!this.embedQr) {
			return "redirect:/oauth2/authorization/" + website.get().name();
		}
		OAuth2AuthorizationRequest qrRequest = this.authorizationRequests.resolve(request, website.get().name());
		this.authorizationRequestRepository.saveAuthorizationRequest(qrRequest, request, response);
		model.addAttribute("appid", website.get().appid());
		model.addAttribute("redirectUri", qrRequest.getRedirectUri());
		model.addAttribute("state", qrRequest.getState());
		model.addAttribute("qrPageUrl", qrRequest.getAuthorizationRequestUri());
		return "login-qr";
	}

	/** The errors the login page explains, each with its message key. */
	enum LoginError {

		ACCESS_DENIED("login.error.denied"), TEMPORARILY_UNAVAILABLE("login.error.unavailable"),
		SERVER_ERROR("login.error.server");

		private final String messageKey;

		LoginError(String messageKey) {
			this.messageKey = messageKey;
		}

		public String getMessageKey() {
			return this.messageKey;
		}

		static LoginError of(String code) {
			return switch (code) {
				case "temporarily_unavailable" -> TEMPORARILY_UNAVAILABLE;
				case "server_error" -> SERVER_ERROR;
				default -> ACCESS_DENIED;
			};
		}

	}

}
