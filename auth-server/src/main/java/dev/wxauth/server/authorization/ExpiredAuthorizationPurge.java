package dev.wxauth.server.authorization;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import dev.wxauth.server.properties.WxauthProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes stored authorizations that can no longer be used: the framework's authorization service never does.
 * An authorization goes when every credential in it has expired, or when it never got one (an abandoned login)
 * and is older than {@code wxauth.authorizations.unfinished-lifetime}. Deletes in small batches so that no lock is
 * held for long; safe to run on every instance at once.
 */
@Component
public final class ExpiredAuthorizationPurge {

	private static final Log logger = LogFactory.getLog(ExpiredAuthorizationPurge.class);

	private static final int BATCH = 1000;

	// @formatter:off
	private static final String DELETE_EXPIRED = "DELETE FROM oauth2_authorization WHERE id IN ("
			+ " SELECT id FROM oauth2_authorization WHERE greatest(authorization_code_expires_at, access_token_expires_at,"
			+ " oidc_id_token_expires_at, refresh_token_expires_at, user_code_expires_at, device_code_expires_at) < ?"
			+ " LIMIT " + BATCH + ")";

	private static final String DELETE_UNFINISHED = "DELETE FROM oauth2_authorization WHERE id IN ("
			+ " SELECT id FROM oauth2_authorization WHERE authorization_code_value IS NULL AND access_token_value IS NULL"
			+ " AND oidc_id_token_value IS NULL AND refresh_token_value IS NULL AND user_code_value IS NULL"
			+ " AND device_code_value IS NULL AND created_at < ? LIMIT " + BATCH + ")";
	// @formatter:on

	private final JdbcOperations jdbc;

	private final WxauthProperties.Authorizations settings;

	private final Clock clock;

	@Autowired
	ExpiredAuthorizationPurge(JdbcOperations jdbc, WxauthProperties properties) {
		this(jdbc, properties.authorizations(), Clock.systemUTC());
	}

	ExpiredAuthorizationPurge(JdbcOperations jdbc, WxauthProperties.Authorizations settings, Clock clock) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.clock = clock;
	}

	/** @return how many authorizations were deleted */
	@Scheduled(fixedDelayString = "${wxauth.authorizations.purge-interval:1h}", initialDelayString = "${wxauth.authorizations.purge-interval:1h}")
	public int purge() {
		Instant now = this.clock.instant();
		int deleted = deleteInBatches(DELETE_EXPIRED, now)
				+ deleteInBatches(DELETE_UNFINISHED, now.minus(this.settings.unfinishedLifetime()));
		if (deleted > 0) {
			logger.debug("Purged " + deleted + " expired authorizations");
		}
		return deleted;
	}

	private int deleteInBatches(String sql, Instant before) {
		int total = 0;
		int deleted;
		do {
			deleted = this.jdbc.update(sql, Timestamp.from(before));
			total += deleted;
		}
		while (deleted == BATCH);
		return total;
	}

}
