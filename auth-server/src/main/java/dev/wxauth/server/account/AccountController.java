package dev.wxauth.server.account;

import java.util.Optional;
import java.util.UUID;

import dev.wxauth.server.oauth2.OAuth2ErrorResponses;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /account/v1/me}: the person behind the bearer token sees what wxauth keeps of them ({@code GET}) and leaves
 * ({@code DELETE}: everything of theirs deleted at once, their tokens with it). For the person's apps without a
 * browser session (mini-programs, native apps), with an access token carrying the scope
 * {@value AccountApiSecurity#SCOPE} ({@link AccountApiSecurity}).
 */
@RestController
@RequestMapping(AccountApiSecurity.PATH)
final class AccountController {

	private final Accounts accounts;

	AccountController(Accounts accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/me")
	ResponseEntity<?> show(@AuthenticationPrincipal Jwt token) {
		Optional<UUID> person = person(token);
		if (person.isEmpty()) {
			return notAPersonsToken();
		}
		return this.accounts.show(person.get())
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(AccountController::gone);
	}

	@DeleteMapping("/me")
	ResponseEntity<?> delete(@AuthenticationPrincipal Jwt token) {
		Optional<UUID> person = person(token);
		if (person.isEmpty()) {
			return notAPersonsToken();
		}
		String clientId = token.getClaimAsString("client_id");
		return this.accounts.delete(person.get(), (clientId != null) ? clientId : "unknown-client")
				? ResponseEntity.noContent().build() : gone();
	}

	/**
	 * A person's token names them by our id; a client's own token ({@code client_credentials}) by its client id,
	 * which an operator may have chosen to look like one of ours.
	 */
	private static Optional<UUID> person(Jwt token) {
		if (token.getSubject() == null || token.getSubject().equals(token.getClaimAsString("client_id"))) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(token.getSubject()));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static ResponseEntity<?> notAPersonsToken() {
		return OAuth2ErrorResponses.problem(new BearerTokenError(OAuth2ErrorCodes.INSUFFICIENT_SCOPE,
				HttpStatus.FORBIDDEN, "The account API needs a person's access token, not a client's own", null,
				AccountApiSecurity.SCOPE));
	}

	/** The token outlived its person by a moment: deleted since it was checked. */
	private static ResponseEntity<?> gone() {
		return OAuth2ErrorResponses.problem(new BearerTokenError(OAuth2ErrorCodes.INVALID_TOKEN,
				HttpStatus.UNAUTHORIZED, "The access token is revoked", null));
	}

}
