package dev.wxauth.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON bodies of the POST APIs as WeChat does: whatever the request's content type, and anything that
 * is not a JSON object is errcode 47001.
 */
final class JsonBodies {

	private JsonBodies() {
	}

	/**
	 * The raw body. Read from the stream rather than through Spring, which rebuilds a form-encoded body (what curl
	 * sends without a content type) from its parameters; so it must be read before any parameter is.
	 */
	static byte[] read(HttpServletRequest request) {
		try {
			return request.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonNode parseObject(JsonMapper jsonMapper, byte[] body) {
		if (body == null || body.length == 0) {
			throw WeChatError.DATA_FORMAT_ERROR.exception();
		}
		try {
			JsonNode node = jsonMapper.readTree(body);
			if (node == null || !node.isObject()) {
				throw WeChatError.DATA_FORMAT_ERROR.exception();
			}
			return node;
		}
		catch (JacksonException ex) {
			throw WeChatError.DATA_FORMAT_ERROR.exception();
		}
	}

	/** A string field, or {@code null} when absent, null or not a string. */
	static String text(JsonNode object, String field) {
		JsonNode value = object.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

}
