package dev.wxauth.server.admin.users;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.wxauth.server.admin.AdminApiSecurity;
import dev.wxauth.server.admin.InvalidFieldsException;
import dev.wxauth.server.admin.Paging;
import dev.wxauth.server.admin.RequestBodies;
import dev.wxauth.server.admin.ResourceNotFoundException;
import dev.wxauth.server.user.PhoneNumbers;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
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
 * {@code /admin/v1/users}: people by our id (the {@code sub} of their tokens), found by phone number, unionid, or
 * appid and openid; with their WeChat identities and the clients holding live grants of theirs; disabled, enabled,
 * unlinked from one identity, deleted.
 */
@RestController
@RequestMapping(AdminApiSecurity.PATH + "/users")
final class UserController {


	private final UserAdministration users;

	UserController(UserAdministration users) {
		this.users = users;
	}

	@GetMapping
	Paging.Page<UserAdministration.UserView> find(
			@RequestParam(name = "phone_number", required = false) @Nullable String phoneNumber,
			@RequestParam(required = false) @Nullable String unionid,
			@RequestParam(required = false) @Nullable String appid,
			@RequestParam(required = false) @Nullable String openid,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String cursor) {
		if ((appid == null) != (openid == null)) {
			throw InvalidFieldsException.of((appid == null) ? "appid" : "openid",
					"an openid is one app's: give appid and openid together");
		}
		Paging.filter("phone_number", phoneNumber);
		Paging.filter("unionid", unionid);
		Paging.filter("appid", appid);
		Paging.filter("openid", openid);
		int pageSize = Paging.limit(limit);
		UUID after = Paging.position(cursor, UUID::fromString);
		return this.users.find(new UserAdministration.Filter(phoneNumber, unionid, appid, openid), after, pageSize);
	}

	/**
	 * {@code {"unionid": "...", "phone_number": "+86..."}}, one or both: a person registered before their first login.
	 */
	@PostMapping
	ResponseEntity<UserAdministration.UserView> provision(@RequestBody JsonNode body, Authentication admin) {
		ObjectNode fields = RequestBodies.object(body, "a person to provision", "unionid", "phone_number");
		// a field sent as null is one not sent
		JsonNode unionid = fields.hasNonNull("unionid") ? fields.get("unionid") : null;
		JsonNode phoneNumber = fields.hasNonNull("phone_number") ? fields.get("phone_number") : null;
		List<InvalidFieldsException.FieldProblem> problems = new ArrayList<>();
		if (unionid != null && (!unionid.isString() || unionid.stringValue().isEmpty()
				|| unionid.stringValue().length() > 128
				|| !unionid.stringValue().chars().allMatch((c) -> c > 0x20 && c < 0x7f))) {
			problems.add(new InvalidFieldsException.FieldProblem("unionid",
					"must be the unionid WeChat gives: 1 to 128 visible ASCII characters"));
		}
		if (phoneNumber != null && (!phoneNumber.isString() || !PhoneNumbers.isE164(phoneNumber.stringValue()))) {
			problems.add(new InvalidFieldsException.FieldProblem("phone_number",
					"must be a phone number in E.164 form: + country code and number, e.g. +8613800138000"));
		}
		if (unionid == null && phoneNumber == null) {
			problems.add(new InvalidFieldsException.FieldProblem("unionid",
					"give the unionid or the phone_number (or both) the person will sign in with"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
		UserAdministration.UserView user = this.users.provision(admin.getName(),
				(unionid != null) ? unionid.stringValue() : null,
				(phoneNumber != null) ? phoneNumber.stringValue() : null);
		return ResponseEntity.created(URI.create(AdminApiSecurity.PATH + "/users/" + user.id())).body(user);
	}

	@GetMapping("/{id}")
	UserAdministration.UserView get(@PathVariable String id) {
		return this.users.get(userId(id));
	}

	/** {@code {"from": "<id>"}}: that person merged into this one. */
	@PostMapping("/{id}/merge")
	UserAdministration.UserView merge(@PathVariable String id, @RequestBody JsonNode body, Authentication admin) {
		JsonNode from = RequestBodies.object(body, "a merge", "from").get("from");
		UUID merged;
		try {
			merged = UUID.fromString((from != null && from.isString()) ? from.stringValue() : "");
		}
		catch (IllegalArgumentException ex) {
			throw InvalidFieldsException.of("from", "must be the id of the person to merge into this one");
		}
		return this.users.merge(admin.getName(), userId(id), merged);
	}

	@PostMapping("/{id}/disable")
	UserAdministration.UserView disable(@PathVariable String id, Authentication admin) {
		return this.users.disable(admin.getName(), userId(id));
	}

	@PostMapping("/{id}/enable")
	UserAdministration.UserView enable(@PathVariable String id, Authentication admin) {
		return this.users.enable(admin.getName(), userId(id));
	}

	@DeleteMapping("/{id}/identities/{appid}/{openid}")
	ResponseEntity<Void> unlink(@PathVariable String id, @PathVariable String appid, @PathVariable String openid,
			Authentication admin) {
		this.users.unlink(admin.getName(), userId(id), appid, openid);
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id, Authentication admin) {
		this.users.delete(admin.getName(), userId(id));
		return ResponseEntity.noContent().build();
	}

	/** Our ids are UUIDs: anything else names no one. */
	private static UUID userId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new ResourceNotFoundException(UserAdministration.RESOURCE, id);
		}
	}

}
