package dev.wxauth.server.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import dev.wxauth.server.properties.WxauthProperties;
import dev.wxauth.server.crypto.AtRestEncryptor;
import dev.wxauth.server.crypto.MasterKey;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Key creation and rotation on a real database, with a controlled clock.
 */
class SigningKeysTests {

	static final WxauthProperties.Keys SETTINGS = new WxauthProperties.Keys(Duration.ofDays(90), Duration.ofMinutes(15),
			Duration.ofDays(1), Duration.ofMinutes(1));

	static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	MigratedDatabase database;

	javax.sql.DataSource dataSource;

	JdbcTemplate jdbc;

	SigningKeys keys;

	@BeforeEach
	void setUp() {
		this.database = new MigratedDatabase("signing_keys");
		this.dataSource = this.database.dataSource();
		this.jdbc = this.database.jdbc();
		this.keys = newSigningKeys(SETTINGS);
		this.keys.setClock(Clock.fixed(T0, ZoneOffset.UTC));
	}

	@AfterEach
	void tearDown() {
		this.database.close();
	}

	SigningKeys newSigningKeys(WxauthProperties.Keys settings) {
		AtRestEncryptor encryptor = new AtRestEncryptor(MasterKey.fromBase64(RunningAuthServer.TEST_MASTER_KEY));
		return new SigningKeys(new SigningKeyRepository(this.jdbc, encryptor),
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)), settings);
	}

	void at(Instant instant) {
		this.keys.setClock(Clock.fixed(instant, ZoneOffset.UTC));
	}

	@Test
	void constructorWhenPublishAheadNotLongerThanCacheRefreshThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> newSigningKeys(
				new WxauthProperties.Keys(Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofDays(1), Duration.ofMinutes(1))));
	}

	@Test
	void rotateIfDueWhenNoKeyThenCreatesOneThatSignsAtOnce() {
		SigningKeys.Snapshot snapshot = this.keys.rotateIfDue();

		assertThat(snapshot.published()).hasSize(1);
		assertThat(snapshot.signingKeyAt(T0).activatesAt()).isEqualTo(T0);
	}

	@Test
	void rotateIfDueWhenNotDueThenNothingChanges() {
		String kid = this.keys.rotateIfDue().signingKeyAt(T0).kid();
		at(T0.plus(Duration.ofDays(89)));

		SigningKeys.Snapshot snapshot = this.keys.rotateIfDue();

		assertThat(snapshot.published()).hasSize(1);
		assertThat(snapshot.signingKeyAt(T0.plus(Duration.ofDays(89))).kid()).isEqualTo(kid);
	}

	@Test
	void rotateIfDueWhenDueThenSuccessorIsPublishedBeforeItSignsAndOldKeyRetiresLater() {
		String oldKid = this.keys.rotateIfDue().signingKeyAt(T0).kid();
		Instant due = T0.plus(Duration.ofDays(90)).minus(Duration.ofMinutes(15));
		at(due);

		SigningKeys.Snapshot snapshot = this.keys.rotateIfDue();

		assertThat(snapshot.published()).hasSize(2);
		String newKid = snapshot.published().getLast().kid();
		assertThat(newKid).isNotEqualTo(oldKid);
		// published now, but the old key still signs until the new one activates
		assertThat(kids(snapshot.jwksAt(due))).containsExactly(oldKid, newKid);
		assertThat(snapshot.signingKeyAt(due).kid()).isEqualTo(oldKid);
		assertThat(privateKids(snapshot.jwksAt(due))).containsExactly(oldKid);
		Instant activation = due.plus(Duration.ofMinutes(15));
		assertThat(snapshot.signingKeyAt(activation).kid()).isEqualTo(newKid);
		assertThat(privateKids(snapshot.jwksAt(activation))).containsExactly(newKid);
		// the old key verifies for a day after the new one took over, then disappears
		at(activation.plus(Duration.ofDays(1)).minusSeconds(1));
		assertThat(kids(this.keys.rotateIfDue().jwksAt(activation.plus(Duration.ofDays(1)).minusSeconds(1))))
			.containsExactly(oldKid, newKid);
		at(activation.plus(Duration.ofDays(1)));
		assertThat(kids(this.keys.rotateIfDue().jwksAt(activation.plus(Duration.ofDays(1))))).containsExactly(newKid);
	}

	@Test
	void rotateIfDueWhenSuccessorAlreadyPendingThenNoThirdKey() {
		this.keys.rotateIfDue();
		at(T0.plus(Duration.ofDays(90)));
		this.keys.rotateIfDue();

		SigningKeys.Snapshot snapshot = this.keys.rotateIfDue();

		assertThat(snapshot.published()).hasSize(2);
	}

	@Test
	void rotateIfDueWhenTwoInstancesRaceThenOneKeyCreated() throws Exception {
		SigningKeys other = newSigningKeys(SETTINGS);
		other.setClock(Clock.fixed(T0, ZoneOffset.UTC));

		Thread thread = Thread.ofPlatform().start(other::rotateIfDue);
		this.keys.rotateIfDue();
		thread.join();

		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM signing_keys", Integer.class)).isEqualTo(1);
	}

	@Test
	void storedPrivateKeyWhenReadFromDatabaseThenEncrypted() {
		SigningKey key = this.keys.rotateIfDue().signingKeyAt(T0);

		byte[] stored = this.jdbc.queryForObject("SELECT private_key_encrypted FROM signing_keys", byte[].class);
		String publicJwk = this.jdbc.queryForObject("SELECT public_jwk FROM signing_keys", String.class);

		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
			.doesNotContain(key.jwk().getPrivateExponent().toString());
		assertThat(publicJwk).doesNotContain("\"d\"");
	}

	private static List<String> kids(List<JWK> jwks) {
		return jwks.stream().map(JWK::getKeyID).toList();
	}

	private static List<String> privateKids(List<JWK> jwks) {
		return jwks.stream().filter(JWK::isPrivate).map(JWK::getKeyID).toList();
	}

}
