package dev.wxauth.server.web;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.wxauth.server.account.Accounts;
import dev.wxauth.server.account.Accounts.AccountView;
import dev.wxauth.server.logout.SessionLogout;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The person's own account page, {@code /account}, for a browser signed in with WeChat: what wxauth keeps of them
 * (their profile with the phone number masked, their WeChat identities, the apps they authorized) and what they may
 * do about it: revoke one app, sign out everywhere, delete the account after a confirmation step. The same data and
 * operations as the account API ({@link Accounts}), for a person rather than an app.
 * <p>
 * No script: plain links and forms, so that it works in WeChat's browser and by keyboard alike. Every change is a
 * {@code POST} carrying the session's CSRF token (the pages' filter chain requires it), answered with a redirect, so
 * that reloading the page never repeats it. Framed by no one ({@link PagePolicies}).
 */
@Controller
@RequestMapping(AccountPages.PATH)
final class AccountPageController {

	/** The audit event's actor for what the person does here themselves. */
	private static final String ACTOR = "account-page";

	/** What the page may confirm after a change: the keys of its messages, nothing else is echoed. */
	private static final Set<String> NOTICES = Set.of("revoked", "nothing-to-revoke");

	private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private final Accounts accounts;

	private final ZoneId zone = ZoneId.systemDefault();

	AccountPageController(Accounts accounts) {
		this.accounts = accounts;
	}

	@GetMapping
	String account(Authentication person, @RequestParam(name = "done", required = false) @Nullable String done,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		Optional<AccountView> account = id(person).flatMap(this.accounts::show);
		if (account.isEmpty()) {
			// deleted from another browser a moment ago: this session ends too
			signOutHere(request, response, person);
			return "redirect:" + SessionLogout.PAGE;
		}
		AccountView view = account.get();
		String picture = view.picture();
		if (picture != null) {
			origin(picture).ifPresent((origin) -> PagePolicies.allowImages(request, origin));
		}
		model.addAttribute("lang", PageLanguages.linked(request));
		model.addAttribute("account", view);
		model.addAttribute("picture", (picture != null && origin(picture).isPresent()) ? picture : null);
		model.addAttribute("identities", view.wechatIdentities()
			.stream()
			.map((identity) -> new IdentityLine(identity.appKind(), time(identity.linkedAt()),
					time(identity.lastLoginAt())))
			.toList());
		model.addAttribute("apps", view.authorizedApps()
			.stream()
			.map((app) -> new AppLine(app.clientId(), app.clientName(), List.copyOf(app.scopes()),
					(app.authorizedAt() != null) ? time(app.authorizedAt()) : null))
			.toList());
		model.addAttribute("notice", (done != null && NOTICES.contains(done)) ? done : null);
		return "account";
	}

	@PostMapping("/apps/revoke")
	String revoke(Authentication person, @RequestParam(name = "client_id", required = false) @Nullable String clientId,
			HttpServletRequest request) {
		boolean revoked = clientId != null && !clientId.isBlank()
				&& id(person).map((id) -> this.accounts.revoke(id, clientId)).orElse(false);
		return "redirect:" + link(AccountPages.PATH, request, revoked ? "revoked" : "nothing-to-revoke");
	}

	@PostMapping("/sign-out-everywhere")
	String signOutEverywhere(Authentication person, HttpServletRequest request, HttpServletResponse response) {
		id(person).ifPresent(this.accounts::signOutEverywhere);
		signOutHere(request, response, person);
		return "redirect:" + link(SessionLogout.PAGE, request, null);
	}

	@GetMapping("/delete")
	String confirmDeletion(HttpServletRequest request, Model model) {
		model.addAttribute("lang", PageLanguages.linked(request));
		model.addAttribute("unconfirmed", false);
		return "account-delete";
	}

	/**
	 * Deletes the account once the person ticked the box that says they understand; without it, the same page again
	 * (400) saying so, and nothing is deleted.
	 */
	@PostMapping("/delete")
	String delete(Authentication person, @RequestParam(name = "confirm", required = false) @Nullable String confirm,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		if (!"yes".equals(confirm)) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("lang", PageLanguages.linked(request));
			model.addAttribute("unconfirmed", true);
			return "account-delete";
		}
		id(person).ifPresent((id) -> this.accounts.delete(id, ACTOR));
		signOutHere(request, response, person);
		return "redirect:" + link(AccountPages.DELETED, request, null);
	}

	@GetMapping("/deleted")
	String deleted(HttpServletRequest request, Model model) {
		model.addAttribute("lang", PageLanguages.linked(request));
		return "account-deleted";
	}

	/** Our user id: every login path names the person by it. */
	private static Optional<UUID> id(Authentication person) {
		try {
			return Optional.of(UUID.fromString(person.getName()));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** This browser's session ends now, not at its next request: its cookie would otherwise name a deleted row. */
	private static void signOutHere(HttpServletRequest request, HttpServletResponse response, Authentication person) {
		new SecurityContextLogoutHandler().logout(request, response, person);
	}

	private static String link(String path, HttpServletRequest request, @Nullable String done) {
		UriComponentsBuilder link = UriComponentsBuilder.fromPath(path);
		if (done != null) {
			link.queryParam("done", done);
		}
		String lang = PageLanguages.linked(request);
		if (lang != null) {
			link.queryParam(PageLanguages.PARAMETER, lang);
		}
		return link.encode().build().toUriString();
	}

	private String time(Instant instant) {
		return MINUTES.format(instant.atZone(this.zone));
	}

	/** The origin of an absolute http(s) picture URL (WeChat's or ours); empty for anything else. */
	private static Optional<String> origin(String url) {
		try {
			URI uri = URI.create(url);
			boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
			return (web && uri.getHost() != null) ? Optional.of(uri.getScheme() + "://" + uri.getRawAuthority())
					: Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** A linked identity as the page lists it. */
	record IdentityLine(String kind, String since, String lastLogin) {
	}

	/** An authorized app as the page lists it. */
	record AppLine(String clientId, String name, List<String> scopes, @Nullable String since) {
	}

}
