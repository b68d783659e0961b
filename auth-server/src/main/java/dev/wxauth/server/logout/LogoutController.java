package dev.wxauth.server.logout;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /logout}: a signed-in person is asked to confirm (the form posts to {@link SessionLogout}, with a CSRF
 * token, so that no other site can sign anyone out); a signed-out one goes back to the client, when it named a
 * post-logout address it registered, or reads that they are signed out.
 */
@Controller
final class LogoutController {

	private final PostLogoutRedirects redirects;

	LogoutController(PostLogoutRedirects redirects) {
		this.redirects = redirects;
	}

	@GetMapping(SessionLogout.PAGE)
	String logout(@RequestParam(name = "client_id", required = false) @Nullable String clientId,
			@RequestParam(name = "post_logout_redirect_uri", required = false) @Nullable String redirectUri,
			@RequestParam(required = false) @Nullable String state, @Nullable Authentication person, Model model) {
		String target = this.redirects.target(clientId, redirectUri, state);
		if (person == null) {
			return (target != null) ? "redirect:" + target : "logout-done";
		}
		if (target != null) {
			model.addAttribute("clientId", clientId);
			model.addAttribute("redirectUri", redirectUri);
			model.addAttribute("state", state);
		}
		return "logout-confirm";
	}

}
