package dev.wxauth.server.admin;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wxauth.server.audit.AuditEvent;
import dev.wxauth.server.audit.AuditLog;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/v1/audit-events}: the audit log, newest first, filtered by resource, actor or action. */
@RestController
final class AuditEventController {

	private final AuditLog log;

	AuditEventController(AuditLog log) {
		this.log = log;
	}

	@GetMapping(AdminApiSecurity.PATH + "/audit-events")
	Paging.Page<AuditEventView> list(@RequestParam(name = "resource_type", required = false) @Nullable String resourceType,
			@RequestParam(name = "resource_id", required = false) @Nullable String resourceId,
			@RequestParam(required = false) @Nullable String actor,
			@RequestParam(required = false) @Nullable String action,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int pageSize = Paging.limit(limit);
		Long before = Paging.position(cursor, Long::valueOf);
		AuditLog.Filter filter = new AuditLog.Filter(Paging.filter("resource_type", resourceType),
				Paging.filter("resource_id", resourceId), Paging.filter("actor", actor), Paging.filter("action", action));
		return Paging.page(this.log.find(filter, before, pageSize + 1), pageSize, (event) -> Long.toString(event.id()))
			.map(AuditEventView::of);
	}

	/** An event as the API shows it. */
	record AuditEventView(String id, @JsonProperty("occurred_at") Instant occurredAt, String actor, String action,
			@JsonProperty("resource_type") String resourceType, @JsonProperty("resource_id") String resourceId,
			@Nullable JsonNode before, @Nullable JsonNode after) {

		static AuditEventView of(AuditEvent event) {
			return new AuditEventView(Long.toString(event.id()), event.occurredAt(), event.actor(), event.action(),
					event.resourceType(), event.resourceId(), event.before(), event.after());
		}

	}

}
