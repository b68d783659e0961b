package dev.wxauth.server.admin;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.Jwts;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/v1/users} over real HTTP, with people who signed in through the emulator: found, disabled (signed out
 * everywhere, refused until enabled), unlinked, deleted.
 */
@AuthServerTest
class UserAdminApiTests {

	static final String USERS = "/admin/v1/users";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	AdminApiTestClient admin;

	CodeGrantClient miniProgram;

	@BeforeEach
	void setUp() {
		this.admin = AdminApiTestClient.as(this.fixture.http(), "wxauth.admin");
		this.miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
	}

	/** Someone the emulator makes up on the spot, never seen before. */
	static String newPerson() {
		return "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_000_000);
	}

	Http.Response login(String person) {
		return this.miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, person), "openid profile");
	}

	String sub(Http.Response tokens) {
		return Jwts.verified(this.fixture.issuer(), tokens.json().get("access_token").asString()).getSubject();
	}

	JsonNode findByOpenid(String person) {
		Http.Response found = this.admin.get(USERS + "?appid=" + MINI_PROGRAM + "&openid="
				+ this.fixture.wechat().openid(MINI_PROGRAM, person));
		assertThat(found.status()).as(found.toString()).isEqualTo(200);
		return found.json().get("items");
	}

	@Test
	void findWhenSignedInThenFoundByOpenidAndUnionidWithIdentityAndLiveGrant() {
		String person = newPerson();
		String sub = sub(login(person));

		JsonNode byOpenid = findByOpenid(person);

		assertThat(byOpenid).hasSize(1);
		JsonNode user = byOpenid.get(0);
		assertThat(user.get("id").asString()).isEqualTo(sub);
		assertThat(user.get("identities").get(0).get("appid").asString()).isEqualTo(MINI_PROGRAM);
		assertThat(user.get("live_grants").get(0).get("client_id").asString()).isEqualTo(this.miniProgram.clientId());
		String unionid = user.get("identities").get(0).get("unionid").asString();
		assertThat(this.admin.get(USERS + "?unionid=" + unionid).json().get("items").get(0).get("id").asString())
			.isEqualTo(sub);
		assertThat(this.admin.get(USERS + "/" + sub).json().get("id").asString()).isEqualTo(sub);
	}

	@Test
	void disableWhenDoneThenTokensRevokedLoginsRefusedUntilEnabled() {
		String person = newPerson();
		Http.Response tokens = login(person);
		String sub = sub(tokens);

		Http.Response disabled = this.admin.post(USERS + "/" + sub + "/disable", null);

		assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
		assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
		assertThat(disabled.json().get("live_grants")).isEmpty();
		Http.Response refresh = this.miniProgram.refresh(tokens.json().get("refresh_token").asString());
		assertThat(refresh.status()).isEqualTo(400);
		Http.Response refused = login(person);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().get("error").asString()).isEqualTo("access_denied");
		assertThat(this.admin.get("/admin/v1/audit-events?resource_type=user&resource_id=" + sub).body())
			.contains("\"disable\"")
			.doesNotContain(this.fixture.wechat().openid(MINI_PROGRAM, person));

		this.admin.post(USERS + "/" + sub + "/enable", null);

		Http.Response again = login(person);
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(sub(again)).isEqualTo(sub);
	}

	@Test
	void disableWhenSignedInInABrowserThenTheSessionEnds() {
		OidcTestClient web = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("bob", Browser.DESKTOP);
		String sub = this.fixture.idToken(this.fixture.signIn(web, browser, "openid")).getSubject();
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM spring_session WHERE principal_name = ?", Integer.class, sub))
			.isPositive();

		this.admin.post(USERS + "/" + sub + "/disable", null);
		this.admin.post(USERS + "/" + sub + "/enable", null);

		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM spring_session WHERE principal_name = ?", Integer.class, sub))
			.isZero();
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM oauth2_authorization WHERE principal_name = ?", Integer.class, sub))
			.isZero();
	}

	@Test
	void unlinkWhenDoneThenTheIdentitysNextLoginIsSomeoneNew() {
		String person = newPerson();
		String sub = sub(login(person));
		String openid = this.fixture.wechat().openid(MINI_PROGRAM, person);

		Http.Response unlinked = this.admin.delete(USERS + "/" + sub + "/identities/" + MINI_PROGRAM + "/" + openid);

		assertThat(unlinked.status()).as(unlinked.toString()).isEqualTo(204);
		assertThat(this.admin.get(USERS + "/" + sub).json().get("identities")).isEmpty();
		assertThat(sub(login(person))).isNotEqualTo(sub);
		assertThat(this.admin.delete(USERS + "/" + sub + "/identities/" + MINI_PROGRAM + "/" + openid).status())
			.isEqualTo(404);
	}

	@Test
	void deleteWhenDoneThenNothingOfThePersonIsLeftButTheEvent() {
		String person = newPerson();
		Http.Response tokens = login(person);
		String sub = sub(tokens);
		String openid = this.fixture.wechat().openid(MINI_PROGRAM, person);

		Http.Response deleted = this.admin.delete(USERS + "/" + sub);

		assertThat(deleted.status()).isEqualTo(204);
		assertThat(this.admin.get(USERS + "/" + sub).status()).isEqualTo(404);
		assertThat(this.miniProgram.refresh(tokens.json().get("refresh_token").asString()).status()).isEqualTo(400);
		for (String table : new String[] { "wechat_identities WHERE openid = ?", "wechat_session_keys WHERE openid = ?",
				"oauth2_authorization WHERE principal_name = ?" }) {
			assertThat(this.fixture.jdbc()
				.queryForObject("SELECT count(*) FROM " + table, Integer.class,
						table.contains("principal_name") ? sub : openid)).as(table).isZero();
		}
		JsonNode event = this.admin.get("/admin/v1/audit-events?action=delete&resource_id=" + sub)
			.json()
			.get("items")
			.get(0);
		assertThat(event.get("before").toString()).isEqualTo("{\"id\":\"" + sub + "\"}");
	}

	@Test
	void mergeWhenOnePersonMadeTwoThenOneSubForBothLoginsFromThenOn() {
		String person = newPerson();
		Http.Response miniProgramTokens = login(person);
		String merged = sub(miniProgramTokens);
		// WeChat gave this identity no unionid at its first login: nothing tied it to the person's other account
		this.fixture.jdbc().update("UPDATE wechat_identities SET unionid = NULL WHERE user_id = ?::uuid", merged);
		CodeGrantClient app = this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(),
				WeChatGrantTypes.MOBILE_APP);
		String kept = sub(app.login(this.fixture.wechat().mintAppCode(WeChatLoginFixture.MOBILE_APP, newPerson())));

		Http.Response result = this.admin.post(USERS + "/" + kept + "/merge", "{\"from\": \"" + merged + "\"}");

		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.json().get("identities")).hasSize(2);
		assertThat(sub(login(person))).isEqualTo(kept);
		String third = sub(login(newPerson()));
		this.fixture.jdbc().update("DELETE FROM wechat_identities WHERE user_id = ?::uuid AND appid = ?", kept,
				MINI_PROGRAM);
		assertThat(this.admin.post(USERS + "/" + kept + "/merge", "{\"from\": \"" + third + "\"}").status())
			.as("two unionids: two WeChat accounts").isEqualTo(409);
		assertThat(this.miniProgram.refresh(miniProgramTokens.json().get("refresh_token").asString()).status())
			.isEqualTo(400);
		Http.Response gone = this.admin.get(USERS + "/" + merged);
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.json().get("detail").asString()).contains("merged into " + kept);
		assertThat(this.admin.get("/admin/v1/audit-events?resource_id=" + merged).body()).contains("merged-into");
	}

	@Test
	void mergeWhenOnlyTheMergedPersonChoseAnAvatarThenItStaysPublishedAsThePicture() {
		String merged = sub(login(newPerson()));
		this.fixture.jdbc().update("UPDATE wechat_identities SET unionid = NULL WHERE user_id = ?::uuid", merged);
		UUID avatar = UUID.randomUUID();
		String picture = this.fixture.issuer() + "/avatars/" + avatar;
		this.fixture.jdbc()
			.update("INSERT INTO avatars (id, user_id, content_type, bytes, sha256) VALUES (?, ?::uuid, 'image/png', ?, ?)",
					avatar, merged, new byte[] { 1, 2, 3 }, new byte[32]);
		this.fixture.jdbc().update("UPDATE users SET avatar_url = ? WHERE id = ?::uuid", picture, merged);
		CodeGrantClient app = this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(),
				WeChatGrantTypes.MOBILE_APP);
		String kept = sub(app.login(this.fixture.wechat().mintAppCode(WeChatLoginFixture.MOBILE_APP, newPerson())));
		this.fixture.jdbc().update("UPDATE users SET avatar_url = NULL WHERE id = ?::uuid", kept);

		Http.Response result = this.admin.post(USERS + "/" + kept + "/merge", "{\"from\": \"" + merged + "\"}");

		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		assertThat(result.json().get("avatar_url").asString()).isEqualTo(picture);
		assertThat(this.fixture.http().get("/avatars/" + avatar).status()).isEqualTo(200);
	}

	@Test
	void mergeWhenBothHaveAnIdentityOfOneAppThenConflictAndNothingChanged() {
		String one = sub(login(newPerson()));
		String other = sub(login(newPerson()));

		Http.Response refused = this.admin.post(USERS + "/" + one + "/merge", "{\"from\": \"" + other + "\"}");

		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(this.admin.get(USERS + "/" + other).status()).isEqualTo(200);
		assertThat(this.admin.post(USERS + "/" + one + "/merge", "{\"from\": \"" + one + "\"}").status())
			.isEqualTo(400);
		assertThat(this.admin.post(USERS + "/" + one + "/merge", "{\"from\": \"x\"}").status()).isEqualTo(400);
	}

	@Test
	void findWhenParametersAreWrongThenNamedAndUnknownIdsAreNotFound() {
		Http.Response openidAlone = this.admin.get(USERS + "?openid=abc");
		assertThat(openidAlone.status()).isEqualTo(400);
		assertThat(openidAlone.json().get("errors").get(0).get("field").asString()).isEqualTo("appid");
		assertThat(this.admin.get(USERS + "/not-a-uuid").status()).isEqualTo(404);
		assertThat(this.admin.get(USERS + "/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
		assertThat(this.admin.get(USERS + "?cursor=MTpub3QtYS11dWlk").status()).isEqualTo(400);
	}

}
