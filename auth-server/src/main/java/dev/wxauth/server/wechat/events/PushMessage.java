package dev.wxauth.server.wechat.events;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields of one push as WeChat sends it, in XML ({@code <xml><Event><![CDATA[...]]></Event>...</xml>}) or JSON
 * (one object), its format told by its first character. Only the top level is read, each field as text. WeChat's own
 * samples are followed where they are loose (a JSON sample has spaces inside names, {@code " OpenID"}, and a comma
 * before the closing brace): names are trimmed. A field named twice (after trimming) is refused, as are a document
 * type, entities and anything else an XML parser could be led to fetch.
 *
 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/server/event_push/platform/authorized_user_information_changes.html">Authorized
 * user information changes</a>
 */
final class PushMessage {

	private static final JsonMapper json = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
		.build();

	/** Longer than any value of a push: anything longer is not WeChat's. */
	private static final int MAX_VALUE = 8192;

	private final Map<String, String> fields;

	private PushMessage(Map<String, String> fields) {
		this.fields = Collections.unmodifiableMap(fields);
	}

	/** @throws InvalidPushException {@code malformed} for a body that is neither */
	static PushMessage parse(byte[] body) {
		int first = 0;
		while (first < body.length && Character.isWhitespace(body[first])) {
			first++;
		}
		if (first == body.length) {
			throw InvalidPushException.malformed("The body is empty");
		}
		return switch (body[first]) {
			case '<' -> xml(body);
			case '{' -> json(body);
			default -> throw InvalidPushException.malformed("The body is neither XML nor JSON");
		};
	}

	/** The field's text, {@code null} when the push has no such field (or it is empty). */
	@Nullable String field(String name) {
		String value = this.fields.get(name);
		return (value != null && !value.isEmpty()) ? value : null;
	}

	private static PushMessage json(byte[] body) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw InvalidPushException.malformed("The body is not JSON");
		}
		if (root == null || !root.isObject()) {
			throw InvalidPushException.malformed("The body is not a JSON object");
		}
		Map<String, String> fields = new LinkedHashMap<>();
		root.properties().forEach((property) -> {
			JsonNode value = property.getValue();
			if (value.isString() || value.isNumber() || value.isBoolean()) {
				put(fields, property.getKey(), value.asString());
			}
		});
		return new PushMessage(fields);
	}

	private static PushMessage xml(byte[] body) {
		Element root;
		try {
			root = parser().parse(new ByteArrayInputStream(body)).getDocumentElement();
		}
		catch (SAXException | IOException ex) {
			throw InvalidPushException.malformed("The body is not XML");
		}
		if (!"xml".equals(root.getTagName())) {
			throw InvalidPushException.malformed("The body is not a push: its root is not <xml>");
		}
		Map<String, String> fields = new LinkedHashMap<>();
		NodeList children = root.getChildNodes();
		for (int i = 0; i < children.getLength(); i++) {
			Node child = children.item(i);
			if (child instanceof Element element && !hasElements(element)) {
				put(fields, element.getTagName(), element.getTextContent());
			}
		}
		return new PushMessage(fields);
	}

	private static boolean hasElements(Element element) {
		NodeList children = element.getChildNodes();
		for (int i = 0; i < children.getLength(); i++) {
			if (children.item(i) instanceof Element) {
				return true;
			}
		}
		return false;
	}

	private static void put(Map<String, String> fields, String name, String value) {
		String trimmed = name.strip();
		if (value.length() > MAX_VALUE) {
			throw InvalidPushException.malformed("The field " + printable(trimmed) + " is too long");
		}
		if (fields.putIfAbsent(trimmed, value.strip()) != null) {
			throw InvalidPushException.malformed("The field " + printable(trimmed) + " is there twice");
		}
	}

	/** A field's name as the answer may repeat it: only letters and digits, at most 32. */
	private static String printable(String name) {
		return name.matches("[A-Za-z0-9_]{1,32}") ? name : "(unnamed)";
	}

	private static DocumentBuilder parser() {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
			factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
			factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
			factory.setXIncludeAware(false);
			factory.setExpandEntityReferences(false);
			factory.setNamespaceAware(false);
			DocumentBuilder parser = factory.newDocumentBuilder();
			// errors fail the parse and go nowhere else (the default handler prints them): the answer says it
			parser.setErrorHandler(new ErrorHandler() {

				@Override
				public void warning(SAXParseException ex) {
				}

				@Override
				public void error(SAXParseException ex) throws SAXException {
					throw ex;
				}

				@Override
				public void fatalError(SAXParseException ex) throws SAXException {
					throw ex;
				}

			});
			return parser;
		}
		catch (ParserConfigurationException ex) {
			throw new IllegalStateException("The JDK's XML parser cannot be made safe", ex);
		}
	}

	@Override
	public String toString() {
		// a push names a person (OpenID, UnionID): only which fields it has
		return "PushMessage" + this.fields.keySet();
	}

}
