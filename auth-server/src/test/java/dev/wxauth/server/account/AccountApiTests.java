package dev.wxauth.server.account;

import java.util.concurrent.ThreadLocalRandom;

import dev.wxauth.server.authorization.EntitledTokenIntrospection;
import dev.wxauth.server.client.AccessTokenAudience;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
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

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /account/v1/me} over real HTTP, for people who signed in through a mini-program of the emulator: refused
 * without a token, without the scope {@code account}, and for a client's own token; the person's profile, WeChat
 * identities (without their WeChat ids) and authorized apps; their deletion, after which nothing of theirs works.
 */
@AuthServerTest
class AccountApiTests {

	static final String ME = "/account/v1/me";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	CodeGrantClient miniProgram;

	@BeforeEach
	void setUp() {
		this.miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient().scope("account"),
				WeChatGrantTypes.MINI_PROGRAM);
	}

	/** Someone the emulator makes up on the spot, never seen before. */
	static String newPerson() {
		return "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_000_000);
	}

	JsonNode login(String person, String scope) {
		Http.Response tokens = this.miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, person), scope);
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		return tokens.json();
	}

	String sub(JsonNode tokens) {
		return Jwts.verified(this.fixture.issuer(), tokens.get("access_token").asString()).getSubject();
	}

	Http.Response get(String path, JsonNode tokens) {
		return this.fixture.http().get(path, Http.bearer(tokens.get("access_token").asString()));
	}

	Http.Response delete(JsonNode tokens) {
		return this.fixture.http()
			.send("DELETE", ME, null, null, Http.bearer(tokens.get("access_token").asString()));
	}

	@Test
	void meWhenNoTokenThenUnauthorizedWithBearerChallenge() {
		Http.Response response = this.fixture.http().get(ME);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(401);
		assertThat(this.fixture.http().send("DELETE", ME, null, null).status()).isEqualTo(401);
	}

	@Test
	void meWhenTokenIsNotOursThenInvalidToken() {
		Http.Response response = this.fixture.http().get(ME, Http.bearer("not.a.token"));

		assertError(response, 401, "invalid_token");
		assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
	}

	@Test
	void meWhenTokenWithoutAccountScopeThenInsufficientScope() {
		JsonNode tokens = login(newPerson(), "openid profile");

		Http.Response response = get(ME, tokens);

		assertError(response, 403, "insufficient_scope");
		assertThat(response.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"", "scope=\"account\"");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertError(delete(tokens), 403, "insufficient_scope");
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM users WHERE id = ?::uuid", Integer.class, sub(tokens)))
			.as("not deleted").isOne();
	}

	@Test
	void meWhenClientsOwnTokenThenInsufficientScope() {
		// registered past the admin API's rules, which refuse account to a client that acts for itself alone
		OidcTestClient service = this.fixture.webClient(TestRegisteredClients.webClient()
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("account"));
		Http.Response token = this.fixture.http()
			.postForm("/oauth2/token", Http.form("grant_type", "client_credentials", "scope", "account"),
					Http.basic(service.clientId(), TestRegisteredClients.SECRET));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);

		assertError(get(ME, token.json()), 403, "insufficient_scope");
	}

	@Test
	void meWhenTheTokenIsForAnotherResourceThenInvalidToken() {
		CodeGrantClient forAnotherApi = this.fixture.codeGrantClient(AccessTokenAudience
			.withAudience(TestRegisteredClients.miniProgramClient().scope("account"), "https://api.example"),
				WeChatGrantTypes.MINI_PROGRAM);
		Http.Response tokens = forAnotherApi.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, newPerson()),
				"openid account");
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);

		Http.Response response = get(ME, tokens.json());

		assertError(response, 401, "invalid_token");
		assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertError(delete(tokens.json()), 401, "invalid_token");
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM users WHERE id = ?::uuid", Integer.class, sub(tokens.json())))
			.as("not deleted").isOne();
	}

	@Test
	void meWhenTheTokenNamesTheAccountApiAmongItsAudienceThenAnswered() {
		CodeGrantClient forTwoApis = this.fixture.codeGrantClient(
				AccessTokenAudience.withAudience(TestRegisteredClients.miniProgramClient().scope("account"),
						"https://api.example", this.fixture.issuer() + "/account/v1"),
				WeChatGrantTypes.MINI_PROGRAM);
		Http.Response tokens = forTwoApis.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, newPerson()),
				"openid account");
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);

		Http.Response response = get(ME, tokens.json());

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	@Test
	void unknownPathWhenTheCallerAcceptsHtmlThenProblemJsonNotOurPage() {
		JsonNode tokens = login(newPerson(), "openid account");

		Http.Response response = this.fixture.http()
			.get("/account/v1/nothing-here", "Authorization", "Bearer " + tokens.get("access_token").asString(),
					"Accept", "text/html");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void deleteWhenAClientsOwnTokenAndItsIdLooksLikeAPersonsThenRefusedAndNobodyDeleted() {
		String sub = sub(login(newPerson(), "openid account"));
		OidcTestClient lookalike = this.fixture.webClient(TestRegisteredClients.webClient()
			.clientId(sub)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("account"));
		Http.Response token = this.fixture.http()
			.postForm("/oauth2/token", Http.form("grant_type", "client_credentials", "scope", "account"),
					Http.basic(lookalike.clientId(), TestRegisteredClients.SECRET));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);

		assertError(delete(token.json()), 403, "insufficient_scope");
		assertThat(this.fixture.jdbc().queryForObject("SELECT count(*) FROM users WHERE id = ?::uuid", Integer.class, sub))
			.as("not deleted").isOne();
	}

	@Test
	void meWhenSignedInWithAccountScopeThenProfileIdentitiesAndAppsWithoutWeChatIds() {
		String person = newPerson();
		JsonNode tokens = login(person, "openid profile phone account");
		Http.Response bound = this.fixture.http()
			.postJson("/wechat/mini-program/phone-number",
					"{\"code\":\"" + this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, person) + "\"}",
					Http.bearer(tokens.get("access_token").asString()));
		assertThat(bound.status()).as(bound.toString()).isEqualTo(200);
		String phoneNumber = bound.json().get("phone_number").asString();

		Http.Response response = get(ME, tokens);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode me = response.json();
		assertThat(me.get("sub").asString()).isEqualTo(sub(tokens));
		// a mini-program gets no profile from WeChat: its own profile endpoint is what gives one
		assertThat(me.has("name")).isTrue();
		assertThat(me.has("picture")).isTrue();
		assertThat(me.get("phone_number").asString())
			.isEqualTo("+86 " + phoneNumber.substring(3, 6) + "****" + phoneNumber.substring(10));
		assertThat(me.get("phone_number_verified").asBoolean()).isTrue();
		JsonNode identity = me.get("wechat_identities").get(0);
		assertThat(me.get("wechat_identities")).hasSize(1);
		assertThat(identity.get("app").asString()).isEqualTo("mini-program");
		assertThat(identity.get("app_kind").asString()).isEqualTo("mini-program");
		assertThat(identity.get("linked_at").asString()).isNotEmpty();
		assertThat(identity.get("last_login_at").asString()).isNotEmpty();
		JsonNode app = me.get("authorized_apps").get(0);
		assertThat(me.get("authorized_apps")).hasSize(1);
		assertThat(app.get("client_id").asString()).isEqualTo(this.miniProgram.clientId());
		assertThat(app.get("client_name").asString()).isNotEmpty();
		assertThat(app.get("scopes").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("openid", "profile", "phone", "account");
		assertThat(app.get("authorized_at").asString()).isNotEmpty();
		assertThat(response.body()).doesNotContain(this.fixture.wechat().openid(MINI_PROGRAM, person))
			.doesNotContain(this.fixture.wechat().unionid(MINI_PROGRAM, person))
			.doesNotContain(phoneNumber)
			.doesNotContain(MINI_PROGRAM);
	}

	@Test
	void meWhenNoPhoneNumberThenNullMembers() {
		Http.Response response = get(ME, login(newPerson(), "openid account"));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("phone_number").isNull()).isTrue();
		assertThat(response.json().get("phone_number_verified").isNull()).isTrue();
	}

	@Test
	void deleteWhenDoneThenEveryTokenOfThePersonIsDeadAndTheirNextLoginIsSomeoneNew() {
		String person = newPerson();
		JsonNode tokens = login(person, "openid profile phone account");
		JsonNode otherLogin = login(person, "openid profile");
		String sub = sub(tokens);
		OidcTestClient resourceServer = this.fixture.webClient(TestRegisteredClients.webClient()
			.clientSettings(ClientSettings.builder()
				.requireAuthorizationConsent(false)
				.setting(EntitledTokenIntrospection.INTROSPECT_ANY_ACCESS_TOKEN, true)
				.build()));
		assertThat(resourceServer.introspect(tokens.get("access_token").asString()).json().get("active").asBoolean())
			.isTrue();
		assertThat(get("/userinfo", tokens).status()).isEqualTo(200);

		Http.Response deleted = delete(tokens);

		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertError(this.miniProgram.refresh(tokens.get("refresh_token").asString()), 400, "invalid_grant");
		assertError(this.miniProgram.refresh(otherLogin.get("refresh_token").asString()), 400, "invalid_grant");
		assertThat(resourceServer.introspect(tokens.get("access_token").asString()).json().get("active").asBoolean())
			.isFalse();
		Http.Response userinfo = get("/userinfo", tokens);
		assertThat(userinfo.status()).as(userinfo.toString()).isEqualTo(401);
		assertThat(userinfo.header("WWW-Authenticate")).contains("invalid_token");
		assertError(get(ME, tokens), 401, "invalid_token");
		assertError(delete(tokens), 401, "invalid_token");
		Http.Response phoneNumber = this.fixture.http()
			.postJson("/wechat/mini-program/phone-number",
					"{\"code\":\"" + this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, person) + "\"}",
					Http.bearer(tokens.get("access_token").asString()));
		assertThat(phoneNumber.status()).isEqualTo(401);
		assertThat(phoneNumber.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
		String again = sub(login(person, "openid"));
		assertThat(again).isNotEqualTo(sub);
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM users WHERE id = ?::uuid", Integer.class, sub)).isZero();
	}

	@Test
	void deleteWhenDoneThenOneAuditEventNamingThePersonByIdAndTheAppAsActor() {
		JsonNode tokens = login(newPerson(), "openid account");
		String sub = sub(tokens);

		assertThat(delete(tokens).status()).isEqualTo(204);

		assertThat(this.fixture.jdbc()
			.queryForList("SELECT actor || ' ' || action || ' ' || resource_type || ' ' || coalesce(before::text, '')"
					+ " || ' ' || coalesce(after::text, '') FROM audit_events WHERE resource_id = ?", String.class, sub))
			.containsExactly(this.miniProgram.clientId() + " delete user {\"id\": \"" + sub + "\"} ");
	}

	@Test
	void loginWhenTheDevMiniProgramAndAppClientsThenTheyGetTheScope() {
		String person = newPerson();
		Http.Response miniProgram = this.fixture.http()
			.postForm("/oauth2/token", Http.form("grant_type", WeChatGrantTypes.MINI_PROGRAM.getValue(), "client_id",
					"demo-mini-program", "code", this.fixture.wechat().mintJsCode(MINI_PROGRAM, person), "scope",
					"openid account"));
		Http.Response app = this.fixture.http()
			.postForm("/oauth2/token", Http.form("grant_type", WeChatGrantTypes.MOBILE_APP.getValue(), "client_id",
					"demo-app", "code", this.fixture.wechat().mintAppCode(WeChatLoginFixture.MOBILE_APP, person),
					"scope", "openid account"));

		assertThat(miniProgram.status()).as(miniProgram.toString()).isEqualTo(200);
		assertThat(get(ME, miniProgram.json()).status()).isEqualTo(200);
		assertThat(app.status()).as(app.toString()).isEqualTo(200);
		assertThat(get(ME, app.json()).status()).isEqualTo(200);
	}

	@Test
	void registerWhenAClientActsForPeopleThenItMayHaveTheScopeAndWhenForItselfAloneNot() {
		String admin = this.fixture.http()
			.postForm("/oauth2/token", Http.form("grant_type", "client_credentials", "scope", "wxauth.admin"),
					Http.basic("wxauth-admin", "wxauth-admin-secret"))
			.json()
			.get("access_token")
			.asString();
		String miniProgram = """
				{"token_endpoint_auth_method": "none", "wechat_app": "mini-program", "scope": "openid account",
				 "grant_types": ["urn:wxauth:params:oauth:grant-type:wechat-mini-program", "refresh_token"]}""";
		String service = """
				{"grant_types": ["client_credentials"], "scope": "api.read account"}""";

		Http.Response registered = this.fixture.http()
			.send("POST", "/admin/v1/clients", "application/json", miniProgram.getBytes(), Http.bearer(admin));
		Http.Response refused = this.fixture.http()
			.send("POST", "/admin/v1/clients", "application/json", service.getBytes(), Http.bearer(admin));

		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("scope");
		assertThat(refused.json().get("errors").get(0).get("detail").asString()).contains("account");
	}

	@Test
	void meWhenAMethodItDoesNotTakeThenProblemJson() {
		Http.Response response = this.fixture.http()
			.send("PUT", ME, "application/json", "{}".getBytes(),
					Http.bearer(login(newPerson(), "openid account").get("access_token").asString()));

		assertThat(response.status()).as(response.toString()).isEqualTo(405);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

}
