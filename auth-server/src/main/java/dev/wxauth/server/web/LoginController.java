package dev.wxauth.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /login}: where a signed-out browser lands when WeChat's own page is not the next step (the authorization
 * endpoint sends it straight there otherwise, see {@link WeChatLoginEntryPoint}), or when it comes here itself.
 * Shows WeChat's QR widget in our page when {@code wxauth.wechat.embed-qr} is on, says why nobody can sign in when
 * no WeChat app fits, or goes on to the WeChat app {@link WeChatLoginChoice} picks. With {@code ?error=...} it shows
 * what went wrong instead, in the browser's language.
 */
@Controller
final class LoginController {

	private final WeChatLoginChoice choice;

	private final OAuth2AuthorizationRequestResolver authorizationRequests;

	private final AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequestRepository;

	LoginController(WeChatLoginChoice choice, OAuth2AuthorizationRequestResolver authorizationRequests,
			AuthorizationRequestRepository<OAuth2AuthorizationRequest> authorizationRequestRepository) {
		this.choice = choice;
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
		WeChatLoginChoice.Choice login = this.choice.choose(request);
		return switch (login.kind()) {
			case WECHAT_PAGE -> "redirect:/oauth2/authorization/" + login.app().name();
			case UNAVAILABLE -> {
				model.addAttribute("reason", login.unavailableReason());
				yield "login-unavailable";
			}
			case EMBEDDED_QR -> {
				OAuth2AuthorizationRequest qrRequest = this.authorizationRequests.resolve(request, login.app().name());
				this.authorizationRequestRepository.saveAuthorizationRequest(qrRequest, request, response);
				model.addAttribute("appid", login.app().appid());
				model.addAttribute("redirectUri", qrRequest.getRedirectUri());
				model.addAttribute("state", qrRequest.getState());
				model.addAttribute("qrPageUrl", qrRequest.getAuthorizationRequestUri());
				yield "login-qr";
			}
		};
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
