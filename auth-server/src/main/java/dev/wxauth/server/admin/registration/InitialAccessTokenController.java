package dev.wxauth.server.admin.registration;

import java.net.URI;
import java.time.Duration;

import dev.wxauth.server.admin.AdminApiSecurity;
import dev.wxauth.server.admin.InvalidFieldsException;
import dev.wxauth.server.admin.Paging;
import dev.wxauth.server.admin.RequestBodies;
import dev.wxauth.server.admin.ResourceNotFoundException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/v1/initial-access-tokens}: the tokens that open dynamic client registration (RFC 7591 §3). The token
 * is in the answer to the request that issues it and never again; deleting one revokes it.
 */
@RestController
@RequestMapping(AdminApiSecurity.PATH + "/initial-access-tokens")
final class InitialAccessTokenController {

	static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);

	static final Duration MAX_LIFETIME = Duration.ofDays(30);

	static final int MAX_USES = 1000;

	private static final String EXPIRES_IN = "expires_in";

	private static final String USES = "uses";

	private final InitialAccessTokens tokens;

	private final JsonMapper json;

	InitialAccessTokenController(InitialAccessTokens tokens, JsonMapper json) {
		this.tokens = tokens;
		this.json = json;
	}

	@GetMapping
	Paging.Page<InitialAccessTokens.View> list(@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String cursor) {
		return this.tokens.list(Paging.position(cursor, Long::valueOf), Paging.limit(limit)).map(this.tokens::view);
	}

	/**
	 * A new token: {@code expires_in} seconds (default a day, at most 30 days), {@code uses} registrations (default
	 * one, at most {@value #MAX_USES}).
	 */
	@PostMapping
	ResponseEntity<ObjectNode> issue(@RequestBody(required = false) @Nullable JsonNode body, Authentication admin) {
		ObjectNode request = (body == null || body.isNull()) ? this.json.createObjectNode()
				: RequestBodies.object(body, "an initial access token", EXPIRES_IN, USES);
		Duration lifetime = Duration.ofSeconds(whole(request, EXPIRES_IN, DEFAULT_LIFETIME.toSeconds(), 60,
				MAX_LIFETIME.toSeconds()));
		int uses = (int) whole(request, USES, 1, 1, MAX_USES);
		InitialAccessTokens.Issued issued = this.tokens.issue(admin.getName(), lifetime, uses);
		ObjectNode answer = this.json.valueToTree(this.tokens.view(issued.stored()));
		answer.put("initial_access_token", issued.token());
		return ResponseEntity
			.created(URI.create(AdminApiSecurity.PATH + "/initial-access-tokens/" + issued.stored().id()))
			.body(answer);
	}

	@GetMapping("/{id}")
	InitialAccessTokens.View get(@PathVariable String id) {
		return this.tokens.view(this.tokens.get(id(id)));
	}

	/** Revokes the token; the clients it registered stay. */
	@DeleteMapping("/{id}")
	ResponseEntity<Void> revoke(@PathVariable String id, Authentication admin) {
		this.tokens.revoke(admin.getName(), id(id));
		return ResponseEntity.noContent().build();
	}

	private static long id(String id) {
		try {
			return Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			throw new ResourceNotFoundException(InitialAccessTokens.RESOURCE, id);
		}
	}

	private static long whole(ObjectNode request, String field, long otherwise, long least, long most) {
		JsonNode value = request.get(field);
		if (value == null || value.isNull()) {
			return otherwise;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < least
				|| value.longValue() > most) {
			throw InvalidFieldsException.of(field, "must be a whole number from " + least + " to " + most);
		}
		return value.longValue();
	}

}
