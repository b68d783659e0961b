package dev.wxauth.server.logout;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.util.Assert;

/**
 * The logout tokens owed to clients, in PostgreSQL ({@code backchannel_logout_notices}), so that they outlive the
 * instance that recorded them and are sent by one instance only. A claim is one statement: it counts an attempt and
 * moves the notice's next attempt past the time a delivery can take ({@code lease}); rows another instance is
 * claiming at that moment are skipped, not waited for. Nothing here holds a token.
 */
final class LogoutNotices {

	// @formatter:off
	private static final String INSERT_SQL = "INSERT INTO backchannel_logout_notices (registered_client_id, subject, sid)"
			+ " VALUES (?, ?, ?)";

	private static final String CLAIM_DUE_SQL = """
			UPDATE backchannel_logout_notices SET attempts = attempts + 1,
			    next_attempt_at = now() + ? * interval '1 millisecond'
			WHERE id IN (SELECT id FROM backchannel_logout_notices WHERE next_attempt_at <= now()
			    ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
			RETURNING id, registered_client_id, subject, sid, attempts""";

	private static final String RETRY_SQL = "UPDATE backchannel_logout_notices"
			+ " SET next_attempt_at = now() + ? * interval '1 millisecond' WHERE id = ?";
	// @formatter:on

	private static final String DELETE_SQL = "DELETE FROM backchannel_logout_notices WHERE id = ?";

	private static final RowMapper<Notice> NOTICE = (row, rowNumber) -> new Notice(row.getLong("id"),
			row.getString("registered_client_id"), row.getString("subject"), row.getString("sid"),
			row.getInt("attempts"));

	private final JdbcOperations jdbc;

	LogoutNotices(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/** Records a logout token owed to each of {@code registeredClientIds}, due at once. */
	void add(Collection<String> registeredClientIds, String subject, String sid) {
		List<Object[]> rows = registeredClientIds.stream().map((id) -> new Object[] { id, subject, sid }).toList();
		if (!rows.isEmpty()) {
			this.jdbc.batchUpdate(INSERT_SQL, rows);
		}
	}

	/** Up to {@code limit} notices due now, each counted as one more attempt and hidden from others for {@code lease}. */
	List<Notice> claimDue(int limit, Duration lease) {
		return this.jdbc.query(CLAIM_DUE_SQL, NOTICE, lease.toMillis(), limit);
	}

	/** Due again {@code delay} from now. */
	void retryIn(Notice notice, Duration delay) {
		this.jdbc.update(RETRY_SQL, delay.toMillis(), notice.id());
	}

	/** Delivered, or given up on. */
	void remove(Notice notice) {
		this.jdbc.update(DELETE_SQL, notice.id());
	}

	/**
	 * A logout token owed.
	 * @param attempts how many times it was claimed, this claim included
	 */
	record Notice(long id, String registeredClientId, String subject, String sid, int attempts) {
	}

}
