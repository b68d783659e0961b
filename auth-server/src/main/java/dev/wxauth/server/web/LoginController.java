package dev.wxauth.server.web;

import dev.wxauth.server.wechat.web.WeChatLoginChoice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /login}: where a signed-out browser lands when WeChat's own page is not the next step (the authorization
 * endpoint sends it straight there otherwise), or when it comes here itself.
 * Shows WeChat's QR widget in our page when {@code wxauth.wechat.embed-qr} is on, says why nobody can sign in when
 * no WeChat app fits, or goes on to the WeChat app {@link WeChatLoginChoice} picks. With {@code ?error=...} it shows
 * what went wrong instead, in the browser's language. {@code /} is where a login ends that no client waits for.
 */
@Controller
final class LoginController {

	private final WeChatLoginChoice choice;

	LoginController(WeChatLoginChoice choice) {
		this.choice = choice;
	}

	/** Where a login that no client waits for ends (or a signed-in browser's repeated callback): signed in. */
	@GetMapping("/")
	String signedIn() {
		return "signed-in";
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
				WeChatLoginChoice.QrWidget qr = this.choice.qrWidget(login, request, response);
				if (qr == null) {
					model.addAttribute("error", LoginError.ACCESS_DENIED);
					yield "login-error";
				}
				model.addAttribute("appid", qr.appid());
				model.addAttribute("redirectUri", qr.redirectUri());
				model.addAttribute("state", qr.state());
				model.addAttribute("qrPageUrl", qr.qrPageUrl());
				model.addAttribute("scriptUrl", qr.scriptUrl());
				PagePolicies.allow(request, qr.scriptOrigins(), qr.frameOrigins());
				yield "login-qr";
			}
		};
	}

}
