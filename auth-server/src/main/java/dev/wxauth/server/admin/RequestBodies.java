package dev.wxauth.server.admin;

import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The small JSON bodies of the admin API's actions: an object with the fields the action names and no other. */
public final class RequestBodies {

	private RequestBodies() {
	}

	/**
	 * @param action what the body is for, as a refusal names it ("a merge")
	 * @throws InvalidFieldsException naming the body when it is no object, or the first field the action does not take
	 */
	public static ObjectNode object(JsonNode body, String action, String... fields) {
		if (!(body instanceof ObjectNode object)) {
			throw InvalidFieldsException.of("body", "must be a JSON object");
		}
		Set<String> known = Set.of(fields);
		List<String> unknown = object.propertyNames().stream().filter((name) -> !known.contains(name)).toList();
		if (!unknown.isEmpty()) {
			throw InvalidFieldsException.of(unknown.getFirst(), "is not a field of " + action);
		}
		return object;
	}

}
