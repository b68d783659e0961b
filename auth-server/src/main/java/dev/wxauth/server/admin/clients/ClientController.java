package dev.wxauth.server.admin.clients;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.wxauth.server.admin.AdminApiSecurity;
import dev.wxauth.server.admin.InvalidFieldsException;
import dev.wxauth.server.admin.Paging;
import dev.wxauth.server.admin.RequestBodies;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/v1/clients}: clients by {@code client_id}, in RFC 7591's metadata. A generated secret appears in the
 * answer to the request that made it (creation, rotation) and never again. The actor of each change is the admin
 * client whose token made the request.
 */
@RestController
@RequestMapping(AdminApiSecurity.PATH + "/clients")
final class ClientController {

	private static final String OVERLAP = "previous_secret_valid_for";

	private static final Duration MAX_OVERLAP = Duration.ofDays(7);

	private final ClientRegistrations registrations;

	ClientController(ClientRegistrations registrations) {
		this.registrations = registrations;
	}

	@GetMapping
	Paging.Page<ObjectNode> list(@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(name = "grant_type", required = false) @Nullable String grantType,
			@RequestParam(name = "wechat_app", required = false) @Nullable String weChatApp) {
		return this.registrations
			.list(Paging.position(cursor), Paging.limit(limit), Paging.filter("grant_type", grantType),
					Paging.filter("wechat_app", weChatApp))
			.map(ClientMetadata::toJson);
	}

	@PostMapping
	ResponseEntity<ObjectNode> register(@RequestBody JsonNode body, Authentication admin) {
		ClientRegistrations.Registered registered = this.registrations.register(admin.getName(),
				ClientMetadata.read(body));
		ObjectNode answer = registered.client().toJson();
		if (registered.secret() != null) {
			answer.put("client_secret", registered.secret());
		}
		return ResponseEntity.created(URI.create(AdminApiSecurity.PATH + "/clients/" + registered.client().clientId()))
			.body(answer);
	}

	@GetMapping("/{clientId}")
	ObjectNode get(@PathVariable String clientId) {
		return this.registrations.get(clientId).toJson();
	}

	@PutMapping("/{clientId}")
	ObjectNode replace(@PathVariable String clientId, @RequestBody JsonNode body, Authentication admin) {
		return this.registrations.replace(admin.getName(), clientId, ClientMetadata.read(body)).toJson();
	}

	@PatchMapping("/{clientId}")
	ObjectNode update(@PathVariable String clientId, @RequestBody JsonNode body, Authentication admin) {
		return this.registrations.update(admin.getName(), clientId, body).toJson();
	}

	/**
	 * A new secret, in the answer only. The old one stops working at once, or after
	 * {@code previous_secret_valid_for} seconds (at most a week) when the body asks for an overlap.
	 */
	@PostMapping("/{clientId}/secret")
	Map<String, Object> rotateSecret(@PathVariable String clientId, @RequestBody(required = false) @Nullable JsonNode body,
			Authentication admin) {
		ClientRegistrations.Rotated rotated = this.registrations.rotateSecret(admin.getName(), clientId, overlap(body));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("client_id", clientId);
		answer.put("client_secret", rotated.secret());
		if (rotated.previousUntil() != null) {
			answer.put("previous_secret_expires_at", rotated.previousUntil().getEpochSecond());
		}
		return answer;
	}

	private static Duration overlap(@Nullable JsonNode body) {
		if (body == null || body.isNull()) {
			return Duration.ZERO;
		}
		JsonNode seconds = RequestBodies.object(body, "a secret rotation", OVERLAP).get(OVERLAP);
		if (seconds == null || seconds.isNull()) {
			return Duration.ZERO;
		}
		if (!seconds.isIntegralNumber() || !seconds.canConvertToLong() || seconds.longValue() < 0
				|| seconds.longValue() > MAX_OVERLAP.toSeconds()) {
			throw InvalidFieldsException.of(OVERLAP, "must be a whole number of seconds from 0 to "
					+ MAX_OVERLAP.toSeconds());
		}
		return Duration.ofSeconds(seconds.longValue());
	}

	@DeleteMapping("/{clientId}")
	ResponseEntity<Void> delete(@PathVariable String clientId, Authentication admin) {
		this.registrations.delete(admin.getName(), clientId);
		return ResponseEntity.noContent().build();
	}

}
