package dev.wxauth.server.admin.wechatapps;

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
 * {@code /admin/v1/wechat-apps}: our WeChat apps by name. The AppSecret, the push token and the EncodingAESKey go in
 * (creation, rotation, the push settings) and never come out. The actor of each change is the admin client whose token made the request.
 */
@RestController
@RequestMapping(AdminApiSecurity.PATH + "/wechat-apps")
final class WeChatAppController {

	private final WeChatAppAdministration apps;

	WeChatAppController(WeChatAppAdministration apps) {
		this.apps = apps;
	}

	@GetMapping
	Paging.Page<ObjectNode> list(@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable String kind) {
		return this.apps.list(Paging.position(cursor), Paging.limit(limit), Paging.filter("kind", kind))
			.map(WeChatAppAdministration.AppView::toJson);
	}

	@PostMapping
	ResponseEntity<ObjectNode> create(@RequestBody JsonNode body, Authentication admin) {
		WeChatAppAdministration.AppView app = this.apps.create(admin.getName(), body);
		return ResponseEntity.created(URI.create(AdminApiSecurity.PATH + "/wechat-apps/" + app.name()))
			.body(app.toJson());
	}

	@GetMapping("/{name}")
	ObjectNode get(@PathVariable String name) {
		return this.apps.get(name).toJson();
	}

	@PatchMapping("/{name}")
	ObjectNode update(@PathVariable String name, @RequestBody JsonNode body, Authentication admin) {
		return this.apps.update(admin.getName(), name, body).toJson();
	}

	@PostMapping("/{name}/secret")
	ObjectNode rotateSecret(@PathVariable String name, @RequestBody(required = false) @Nullable JsonNode body,
			Authentication admin) {
		return this.apps.rotateSecret(admin.getName(), name, body).toJson();
	}

	@PutMapping("/{name}/push")
	ObjectNode setPush(@PathVariable String name, @RequestBody(required = false) @Nullable JsonNode body,
			Authentication admin) {
		return this.apps.setPush(admin.getName(), name, body).toJson();
	}

	@DeleteMapping("/{name}/push")
	ObjectNode removePush(@PathVariable String name, Authentication admin) {
		return this.apps.removePush(admin.getName(), name).toJson();
	}

	@PostMapping("/{name}/check")
	Map<String, Object> check(@PathVariable String name) {
		return this.apps.check(name).toJson();
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name, Authentication admin) {
		this.apps.delete(admin.getName(), name);
		return ResponseEntity.noContent().build();
	}

}
