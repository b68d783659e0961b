package dev.wxauth.server.account;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.ratelimit.DailyQuotas;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.Jwts;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.user.PersonalData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After {@code DELETE /account/v1/me} no row of any table holds the person's ids: every table of the schema is
 * searched (read from {@code information_schema}, so that a table added later is searched too) for our id of them,
 * their openids, unionid, phone number and the pseudonym of their identity, in every text, uuid, JSON, array and
 * bytea column. Only the audit and login events name them by our id, by design, and hold none of the rest; the day's
 * phone-number count of their identity keeps its pseudonym until the day ends, so that leaving buys no new quota.
 */
@AuthServerTest
class AccountDeletionTests {

	/** The tables whose rows name a person by our id on purpose, and outlive them. */
	static final Set<String> EVENT_TABLES = Set.of("audit_events", "login_events");

	static final String OUR_ID = "our id";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	DailyQuotas quotas;

	@Test
	void deleteWhenDoneThenNoRowOfAnyTableHoldsThePersonsIds() {
		int n = ThreadLocalRandom.current().nextInt(1_000_000, 9_000_000);
		String person = "load-" + n;
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(
				TestRegisteredClients.miniProgramClient().scope("account"), WeChatGrantTypes.MINI_PROGRAM);
		// a first login proving a phone number
		Http.Response login = miniProgram.post(Http.form("grant_type", WeChatGrantTypes.MINI_PROGRAM.getValue(),
				"client_id", miniProgram.clientId(), "code", this.fixture.wechat().mintJsCode(MINI_PROGRAM, person),
				"phone_code", this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, person), "scope",
				"openid profile phone wechat account"));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		String accessToken = login.json().get("access_token").asString();
		String sub = Jwts.verified(this.fixture.issuer(), accessToken).getSubject();
		// the phone-number API; a refresh, recorded as used
		assertThat(this.fixture.http()
			.postJson("/wechat/mini-program/phone-number",
					"{\"code\":\"" + this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, person) + "\"}",
					Http.bearer(accessToken))
			.status()).isEqualTo(200);
		Http.Response refreshed = miniProgram.refresh(login.json().get("refresh_token").asString());
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		// a browser login through the website app (linked by unionid): a session, a code's record of who signed in
		OidcTestClient web = this.fixture.webClient(TestRegisteredClients.webClient());
		JsonNode webTokens = this.fixture.signIn(web, this.fixture.person(person, Browser.DESKTOP),
				"openid profile wechat");
		assertThat(this.fixture.idToken(webTokens).getSubject()).as("one person").isEqualTo(sub);
		// a consent remembered by a client that asks for it
		RegisteredClient asking = this.fixture.register(TestRegisteredClients.webClient()
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(true).build()));
		this.fixture.jdbc()
			.update("INSERT INTO oauth2_authorization_consent (registered_client_id, principal_name, authorities)"
					+ " VALUES (?, ?, 'SCOPE_openid,SCOPE_profile')", asking.getId(), sub);
		String miniProgramOpenid = this.fixture.wechat().openid(MINI_PROGRAM, person);
		// what the phone-number quotas counted, were they on (the tests run without limits)
		this.quotas.take(List.of(new DailyQuotas.Use("phone-numbers-per-user", sub, 10),
				new DailyQuotas.Use("phone-numbers-per-user", PersonalData.identityPseudonym(MINI_PROGRAM,
						miniProgramOpenid), 10)));
		Map<String, String> ids = new LinkedHashMap<>();
		ids.put(OUR_ID, sub);
		ids.put("mini-program openid", miniProgramOpenid);
		ids.put("website openid", this.fixture.wechat().openid(WEBSITE, person));
		ids.put("unionid", this.fixture.wechat().unionid(MINI_PROGRAM, person));
		ids.put("phone number", "199%08d".formatted(n));
		ids.put("identity pseudonym", PersonalData.identityPseudonym(MINI_PROGRAM, miniProgramOpenid));
		List<String> before = holders(ids);
		assertThat(before).as("the search finds what the person left")
			.contains("users.id holds our id", "users.phone_number holds phone number",
					"wechat_identities.openid holds mini-program openid", "wechat_identities.openid holds website openid",
					"wechat_identities.unionid holds unionid", "wechat_session_keys.openid holds mini-program openid",
					"oauth2_authorization.principal_name holds our id", "oauth2_authorization.attributes holds unionid",
					"oauth2_authorization_consent.principal_name holds our id",
					"spring_session.principal_name holds our id", "spring_session_attributes.attribute_bytes holds website openid",
					"wechat_code_redemptions.openid holds website openid", "daily_quota_uses.subject holds our id",
					"daily_quota_uses.subject holds identity pseudonym");

		Http.Response deleted = this.fixture.http()
			.send("DELETE", "/account/v1/me", null, null, Http.bearer(refreshed.json().get("access_token").asString()));

		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		// the day's count of billed phone-number calls of the identity outlives the person: it names no one
		assertThat(holders(ids)).containsExactly("daily_quota_uses.subject holds identity pseudonym");
	}

	/** Each {@code table.column holds <id name>}, over every table; the event tables are searched for all but our id. */
	private List<String> holders(Map<String, String> ids) {
		List<Map<String, Object>> columns = this.fixture.jdbc().queryForList("""
				SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
				JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
				WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
				  AND c.data_type IN ('text', 'character varying', 'character', 'uuid', 'json', 'jsonb', 'ARRAY', 'bytea')
				ORDER BY c.table_name, c.ordinal_position""");
		assertThat(columns.stream().map((column) -> column.get("table_name")).distinct().count())
			.as("every table of the schema").isGreaterThan(20);
		Map<String, List<Map<String, Object>>> byTable = new LinkedHashMap<>();
		columns.forEach((column) -> byTable.computeIfAbsent((String) column.get("table_name"), (table) -> new ArrayList<>())
			.add(column));
		List<String> holders = new ArrayList<>();
		byTable.forEach((table, tableColumns) -> {
			// one scan of the table: a count for each column and id
			List<String> counts = new ArrayList<>();
			List<String> found = new ArrayList<>();
			List<Object> arguments = new ArrayList<>();
			for (Map<String, Object> column : tableColumns) {
				String name = (String) column.get("column_name");
				String condition = "bytea".equals(column.get("data_type"))
						? "position(convert_to(?, 'UTF8') in \"" + name + "\") > 0"
						: "position(? in \"" + name + "\"::text) > 0";
				ids.forEach((idName, id) -> {
					if (!(EVENT_TABLES.contains(table) && idName.equals(OUR_ID))) {
						counts.add("count(*) FILTER (WHERE " + condition + ") AS c" + counts.size());
						found.add(table + "." + name + " holds " + idName);
						arguments.add(id);
					}
				});
			}
			Map<String, Object> row = this.fixture.jdbc()
				.queryForMap("SELECT " + String.join(", ", counts) + " FROM \"" + table + "\"", arguments.toArray());
			List<Object> values = new ArrayList<>(row.values());
			for (int i = 0; i < values.size(); i++) {
				if (((Number) values.get(i)).longValue() > 0) {
					holders.add(found.get(i));
				}
			}
		});
		return holders;
	}

}
