package dev.wxauth.server.logging;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.json.JsonWriter.MemberPath;
import org.springframework.boot.json.JsonWriter.Members;
import org.springframework.boot.json.WritableJson;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.util.ObjectUtils;

/**
 * {@link CredentialRedaction} for what only structured logs print: an event's MDC entries and its key-value pairs
 * (SLF4J's {@code addKeyValue}) become JSON members of their own, and the redaction of messages and exceptions never
 * sees them. A member named like a credential ({@code code}, {@code client_secret}, GELF's {@code _code}, ...) is
 * replaced whole; any other value written as a JSON string has its {@code name=value} credentials redacted, as a
 * message has. Spring Boot's structured formats take it from {@code logging.structured.json.customizer}
 * (application.yml).
 */
public final class StructuredLogRedaction implements StructuredLoggingJsonMembersCustomizer<Object> {

	private static final String REDACTED = "[redacted]";

	@Override
	public void customize(Members<Object> members) {
		members.applyingValueProcessor(StructuredLogRedaction::redacted);
	}

	static @Nullable Object redacted(MemberPath path, @Nullable Object value) {
		if (value == null || value instanceof Number || value instanceof Boolean || value instanceof Map<?, ?>
				|| value instanceof Iterable<?> || value instanceof WritableJson || ObjectUtils.isArray(value)) {
			// written as JSON of their own: their members and elements come here one by one
			return value;
		}
		if (isCredentialName(path.name())) {
			return REDACTED;
		}
		String text = value.toString();
		return (text.indexOf('=') >= 0) ? CredentialRedaction.redact(text) : value;
	}

	private static boolean isCredentialName(@Nullable String name) {
		if (name == null) {
			return false;
		}
		String bare = name.startsWith("_") ? name.substring(1) : name;
		return CredentialRedaction.CREDENTIALS.contains(bare)
				|| CredentialRedaction.CREDENTIALS.contains(bare.toLowerCase(Locale.ROOT));
	}

}
