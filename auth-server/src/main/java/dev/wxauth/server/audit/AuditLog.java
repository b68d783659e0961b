package dev.wxauth.server.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * The audit log in PostgreSQL: written in the transaction of the change it records, read newest first.
 */
public final class AuditLog {

	// @formatter:off
	private static final String INSERT = "INSERT INTO audit_events (actor, action, resource_type, resource_id, before, after)"
			+ " VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)";

	private static final String SELECT = "SELECT id, occurred_at, actor, action, resource_type, resource_id, before::text,"
			+ " after::text FROM audit_events";
	// @formatter:on

	private final JdbcOperations jdbc;

	private final JsonMapper json;

	public AuditLog(JdbcOperations jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Records a change, in the transaction that makes it.
	 * @throws IllegalStateException outside a transaction: the change could then land without its event
	 */
	public void record(String actor, String action, String resourceType, String resourceId, @Nullable JsonNode before,
			@Nullable JsonNode after) {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"An audit event is written in the transaction of its change");
		this.jdbc.update(INSERT, actor, action, resourceType, resourceId, text(before), text(after));
	}

	/**
	 * The events that match {@code filter}, newest first.
	 * @param before only events older than this id; {@code null} from the newest
	 * @param limit at most this many
	 */
	public List<AuditEvent> find(Filter filter, @Nullable Long before, int limit) {
		List<String> conditions = new ArrayList<>();
		List<Object> arguments = new ArrayList<>();
		condition(conditions, arguments, "resource_type = ?", filter.resourceType());
		condition(conditions, arguments, "resource_id = ?", filter.resourceId());
		condition(conditions, arguments, "actor = ?", filter.actor());
		condition(conditions, arguments, "action = ?", filter.action());
		condition(conditions, arguments, "id < ?", before);
		arguments.add(limit);
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		return this.jdbc.query(SELECT + where + " ORDER BY id DESC LIMIT ?", this::event, arguments.toArray());
	}

	private static void condition(List<String> conditions, List<Object> arguments, String condition,
			@Nullable Object value) {
		if (value != null) {
			conditions.add(condition);
			arguments.add(value);
		}
	}

	private AuditEvent event(ResultSet row, int number) throws SQLException {
		Timestamp occurredAt = row.getTimestamp("occurred_at");
		return new AuditEvent(row.getLong("id"), occurredAt.toInstant(), row.getString("actor"), row.getString("action"),
				row.getString("resource_type"), row.getString("resource_id"), node(row.getString(7)),
				node(row.getString(8)));
	}

	private @Nullable String text(@Nullable JsonNode node) {
		return (node != null) ? this.json.writeValueAsString(node) : null;
	}

	private @Nullable JsonNode node(@Nullable String text) {
		return (text != null) ? this.json.readTree(text) : null;
	}

	/** Which events to list; a {@code null} member matches every event. */
	public record Filter(@Nullable String resourceType, @Nullable String resourceId, @Nullable String actor,
			@Nullable String action) {
	}

}
