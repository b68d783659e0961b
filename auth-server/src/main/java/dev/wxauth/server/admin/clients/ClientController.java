package dev.wxauth.server.admin.clients;

import java.net.URI;
import java.util.Map;

import dev.wxauth.server.admin.AdminApiSecurity;
import dev.wxauth.server.admin.Paging;
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

	private final ClientRegistrations registrations;

	ClientController(ClientRegistrations registrations) {
		this.registrations = registrations;
	}

	@GetMapping
	Paging.Page<ObjectNode> list(@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(name = "grant_type", required = false) @Nullable String grantType,
			@RequestParam(name = "wechat_app", required = false) @Nullable String weChatApp) {
		return this.registrations.list(Paging.position(cursor), Paging.limit(limit), grantType, weChatApp)
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

	/** A new secret, in the answer only; the old one stops working. */
	@PostMapping("/{clientId}/secret")
	Map<String, String> rotateSecret(@PathVariable String clientId, Authentication admin) {
		return Map.of("client_id", clientId, "client_secret", this.registrations.rotateSecret(admin.getName(), clientId));
	}

	@DeleteMapping("/{clientId}")
	ResponseEntity<Void> delete(@PathVariable String clientId, Authentication admin) {
		this.registrations.delete(admin.getName(), clientId);
		return ResponseEntity.noContent().build();
	}

}
