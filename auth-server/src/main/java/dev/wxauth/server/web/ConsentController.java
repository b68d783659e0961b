package dev.wxauth.server.web;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.wxauth.server.account.AccountApiSecurity;
import dev.wxauth.server.client.ClientLogo;
import dev.wxauth.server.federation.UserClaims;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The consent page (RFC 6749 §4.1.1: the server asks the person whether to grant the client's request), where the
 * authorization endpoint sends a signed-in person whose client requires consent not yet given for every scope it asks
 * for. The endpoint names the client, its scopes and the state of the authorization that waits for the answer; the
 * page shows what the waiting authorization itself asked for, so a link with other scopes shows nothing else, and only
 * to the person it waits for. The client's name and logo, each scope in words, those allowed before marked as such.
 * <p>
 * The answer goes back to the authorization endpoint, as the framework reads it: "allow" posts every scope asked for,
 * "deny" none (the client gets {@code access_denied}). Either form carries the session's CSRF token
 * ({@link ConsentForms}). The framework then keeps the consent, so the next request for these scopes skips the page.
 */
@Controller
final class ConsentController {

	static final String PATH = "/oauth2/consent";

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	/** The scopes people know by name, in the order the page explains them; any other comes after, by name. */
	private static final List<String> EXPLAINED = List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.PHONE,
			UserClaims.WECHAT_SCOPE, AccountApiSecurity.SCOPE);

	private static final Log logger = LogFactory.getLog(ConsentController.class);

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationService authorizations;

	private final OAuth2AuthorizationConsentService consents;

	private final String authorizationEndpoint;

	ConsentController(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations,
			OAuth2AuthorizationConsentService consents, AuthorizationServerSettings settings) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(consents, "consents cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.clients = clients;
		this.authorizations = authorizations;
		this.consents = consents;
		this.authorizationEndpoint = settings.getAuthorizationEndpoint();
	}

	@GetMapping(PATH)
	String consent(@RequestParam(OAuth2ParameterNames.CLIENT_ID) String clientId,
			@RequestParam(OAuth2ParameterNames.STATE) String state, Authentication person, HttpServletRequest request,
			Model model) {
		if (!StringUtils.hasText(clientId) || !StringUtils.hasText(state)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
		}
		RegisteredClient client = this.clients.findByClientId(clientId);
		OAuth2Authorization waiting = this.authorizations.findByToken(state, STATE);
		OAuth2AuthorizationRequest asked = (waiting != null)
				? waiting.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		if (client == null || asked == null || !client.getId().equals(waiting.getRegisteredClientId())
				|| !person.getName().equals(waiting.getPrincipalName())) {
			logger.debug("No authorization of this person waits for consent to client " + clientId);
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
		}
		OAuth2AuthorizationConsent given = this.consents.findById(client.getId(), person.getName());
		Set<String> allowedBefore = (given != null) ? given.getScopes() : Set.of();
		ClientLogo logo = ClientLogo.of(client).orElse(null);
		if (logo != null) {
			PagePolicies.allowImages(request, logo.origin());
		}
		model.addAttribute("authorizationEndpoint", this.authorizationEndpoint);
		model.addAttribute("clientId", client.getClientId());
		model.addAttribute("clientName", displayName(client));
		model.addAttribute("logo", logo);
		model.addAttribute("state", state);
		List<String> scopes = asked.getScopes()
			.stream()
			.sorted(Comparator.comparingInt(ConsentController::rank).thenComparing(Comparator.naturalOrder()))
			.toList();
		// the language links keep the page's parameters as the endpoint sent them
		model.addAttribute("requestedScope", String.join(" ", scopes));
		model.addAttribute("scopes",
				scopes.stream().map((scope) -> new Scope(scope, allowedBefore.contains(scope))).toList());
		return "consent";
	}

	/** The name the client was registered with; its client id when it has none (the framework then uses its id). */
	private static String displayName(RegisteredClient client) {
		String name = client.getClientName();
		return (name == null || name.isBlank() || name.equals(client.getId())) ? client.getClientId() : name;
	}

	private static int rank(String scope) {
		int rank = EXPLAINED.indexOf(scope);
		return (rank >= 0) ? rank : EXPLAINED.size();
	}

	/**
	 * A scope as the page shows it.
	 * @param name the scope as the client asked for it
	 * @param allowedBefore whether the person allowed it to this client before
	 */
	public record Scope(String name, boolean allowedBefore) {

		/** Whether the page explains it in its own words; any other is named and described generically. */
		public boolean isKnown() {
			return EXPLAINED.contains(this.name);
		}

		/** The key of the words that explain it. */
		public String getMessageKey() {
			return isKnown() ? "consent.scope." + this.name : "consent.scope.other";
		}

	}

}
