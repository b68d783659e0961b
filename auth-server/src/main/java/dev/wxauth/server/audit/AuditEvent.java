package dev.wxauth.server.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One change, as the audit log keeps it.
 *
 * @param id increasing with time: the order of the log
 * @param actor who made the change: an admin client's {@code client_id}, or {@code bootstrap}
 * @param action what was done: {@code create}, {@code update}, {@code delete}, {@code rotate-secret}, ...
 * @param resourceType the kind of resource: {@code client}, {@code wechat-app}, {@code user}, {@code key}
 * @param resourceId the resource's id in the admin API
 * @param before the resource before, as the admin API shows it (never a secret); {@code null} for a creation
 * @param after the resource after; {@code null} for a deletion
 */
public record AuditEvent(long id, Instant occurredAt, String actor, String action, String resourceType,
		String resourceId, @Nullable JsonNode before, @Nullable JsonNode after) {
}
