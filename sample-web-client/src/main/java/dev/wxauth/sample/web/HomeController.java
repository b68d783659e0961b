package dev.wxauth.sample.web;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * {@code GET /}: signed out, Spring Security starts the login; signed in, the page shows the ID token's claims and
 * what the sample API says about the access token.
 */
@Controller
class HomeController {

	private final RestClient api;

	HomeController(RestClient.Builder restClients, @Value("${sample.api-url}") String apiUrl) {
		this.api = restClients.baseUrl(apiUrl).build();
	}

	@GetMapping("/")
	String home(@AuthenticationPrincipal OidcUser user,
			@RegisteredOAuth2AuthorizedClient("wxauth") OAuth2AuthorizedClient client, Model model) {
		model.addAttribute("claims", new TreeMap<>(user.getClaims()));
		model.addAttribute("name", (user.getFullName() != null) ? user.getFullName() : user.getSubject());
		try {
			model.addAttribute("api", this.api.get()
				.uri("/api/me")
				.headers((headers) -> headers.setBearerAuth(client.getAccessToken().getTokenValue()))
				.retrieve()
				.body(Map.class));
		}
		catch (RestClientException ex) {
			model.addAttribute("apiError", ex.getMessage());
		}
		return "home";
	}

}
