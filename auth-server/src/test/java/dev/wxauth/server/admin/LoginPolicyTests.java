package dev.wxauth.server.admin;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.wxauth.server.federation.LoginPolicy;
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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.web.util.UriComponentsBuilder;

import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login-only mini-program, end to end through the emulator: someone unknown is refused and nothing of theirs is
 * written; a person an operator registered by unionid beforehand signs in as that person; someone known signs in.
 */
@AuthServerTest
class LoginPolicyTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	RegisteredClientRepository clients;

	AdminApiTestClient admin;

	CodeGrantClient staffApp;

	@BeforeEach
	void setUp() {
		this.admin = AdminApiTestClient.as(this.fixture.http(), "wxauth.admin");
		Http.Response created = this.admin.post("/admin/v1/clients", """
				{"token_endpoint_auth_method": "none", "wechat_app": "mini-program", "login_policy": "login-only",
				 "grant_types": ["urn:wxauth:params:oauth:grant-type:wechat-mini-program"], "scope": "openid"}""");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		this.staffApp = new CodeGrantClient(this.fixture.issuer(), WeChatGrantTypes.MINI_PROGRAM.getValue(),
				this.clients.findByClientId(created.json().get("client_id").asString()));
	}

	static String newPerson() {
		return "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_000_000);
	}

	Http.Response login(String person) {
		return this.staffApp.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, person));
	}

	int rowsOf(String person) {
		String openid = this.fixture.wechat().openid(MINI_PROGRAM, person);
		return this.fixture.jdbc()
			.queryForObject("SELECT (SELECT count(*) FROM wechat_identities WHERE openid = ?)"
					+ " + (SELECT count(*) FROM wechat_session_keys WHERE openid = ?)", Integer.class, openid, openid);
	}

	@Test
	void loginWhenNobodyWeKnowThenAccessDeniedAndNothingWritten() {
		String stranger = newPerson();
		int users = this.fixture.rows("users");

		Http.Response refused = login(stranger);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().get("error").asString()).isEqualTo("access_denied");
		assertThat(rowsOf(stranger)).isZero();
		assertThat(this.fixture.rows("users")).isEqualTo(users);
	}

	@Test
	void loginWhenProvisionedByUnionidThenSignsInAsThatPerson() {
		String expected = newPerson();
		Http.Response provisioned = this.admin.post("/admin/v1/users",
				"{\"unionid\": \"" + this.fixture.wechat().unionid(MINI_PROGRAM, expected) + "\"}");
		assertThat(provisioned.status()).as(provisioned.toString()).isEqualTo(201);
		String id = provisioned.json().get("id").asString();

		Http.Response tokens = login(expected);

		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		assertThat(Jwts.verified(this.fixture.issuer(), tokens.json().get("access_token").asString()).getSubject())
			.isEqualTo(id);
		assertThat(this.admin.get("/admin/v1/users/" + id).json().get("identities")).hasSize(1);
	}

	@Test
	void loginWhenKnownThroughAnotherClientThenSignsIn() {
		String known = newPerson();
		CodeGrantClient open = this.fixture.codeGrantClient(
				TestRegisteredClients.miniProgramClient(), WeChatGrantTypes.MINI_PROGRAM);
		assertThat(open.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, known)).status()).isEqualTo(200);

		assertThat(login(known).status()).isEqualTo(200);
	}

	@Test
	void provisionWhenTheUnionidIsSomeonesThenConflict() {
		String known = newPerson();
		String unionid = this.fixture.wechat().unionid(MINI_PROGRAM, known);
		assertThat(this.admin.post("/admin/v1/users", "{\"unionid\": \"" + unionid + "\"}").status()).isEqualTo(201);

		Http.Response again = this.admin.post("/admin/v1/users", "{\"unionid\": \"" + unionid + "\"}");

		assertThat(again.status()).isEqualTo(409);
	}

	static String phoneNumberOf(String loadPerson) {
		return "+86199%08d".formatted(Long.parseLong(loadPerson.substring("load-".length())));
	}

	Http.Response loginProvingPhone(String person, String phoneOf) {
		return this.staffApp.post(Http.form("grant_type", WeChatGrantTypes.MINI_PROGRAM.getValue(), "client_id",
				this.staffApp.clientId(), "code", this.fixture.wechat().mintJsCode(MINI_PROGRAM, person), "phone_code",
				this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, phoneOf)));
	}

	@Test
	void loginWhenProvisionedByPhoneNumberThenRefusedUntilTheNumberIsProvedThenThatPerson() {
		String expected = newPerson();
		Http.Response provisioned = this.admin.post("/admin/v1/users",
				"{\"phone_number\": \"" + phoneNumberOf(expected) + "\"}");
		assertThat(provisioned.status()).as(provisioned.toString()).isEqualTo(201);
		assertThat(provisioned.json().get("provisioned_phone_number").asString()).isEqualTo(phoneNumberOf(expected));
		assertThat(provisioned.json().get("phone_number_verified").asBoolean()).isFalse();
		String id = provisioned.json().get("id").asString();
		Http.Response withoutPhone = login(expected);
		assertThat(withoutPhone.status()).isEqualTo(400);
		assertThat(withoutPhone.json().get("error").asString()).isEqualTo("access_denied");

		Http.Response tokens = loginProvingPhone(expected, expected);

		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		assertThat(Jwts.verified(this.fixture.issuer(), tokens.json().get("access_token").asString()).getSubject())
			.isEqualTo(id);
		JsonNode person = this.admin.get("/admin/v1/users/" + id).json();
		assertThat(person.get("identities")).hasSize(1);
		assertThat(person.get("phone_number_verified").asBoolean()).isTrue();
		int phoneCalls = this.fixture.wechat().calls("/wxa/business/getuserphonenumber");
		assertThat(loginProvingPhone(expected, expected).status()).as("known now").isEqualTo(200);
		assertThat(this.fixture.wechat().calls("/wxa/business/getuserphonenumber"))
			.as("a known person's phone code is not spent: WeChat bills each").isEqualTo(phoneCalls);
	}

	@Test
	void loginWhenTheProvedNumberIsNobodysWeRegisteredThenAccessDeniedAndNothingWritten() {
		String stranger = newPerson();
		String registered = newPerson();
		this.admin.post("/admin/v1/users", "{\"phone_number\": \"" + phoneNumberOf(registered) + "\"}");
		int users = this.fixture.rows("users");

		Http.Response refused = loginProvingPhone(stranger, stranger);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().get("error").asString()).isEqualTo("access_denied");
		assertThat(rowsOf(stranger)).isZero();
		assertThat(this.fixture.rows("users")).isEqualTo(users);
		Http.Response someoneElsesCode = loginProvingPhone(stranger, registered);
		assertThat(someoneElsesCode.json().get("error").asString()).as("WeChat checks the code against the openid")
			.isEqualTo("invalid_grant");
		assertThat(rowsOf(stranger)).isZero();
	}

	@Test
	void signUpLoginWhenItProvesAProvisionedNumberThenThatPersonNotANewOne() {
		String expected = newPerson();
		String id = this.admin.post("/admin/v1/users", "{\"phone_number\": \"" + phoneNumberOf(expected) + "\"}")
			.json()
			.get("id")
			.asString();
		CodeGrantClient open = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);

		Http.Response tokens = open.post(Http.form("grant_type", WeChatGrantTypes.MINI_PROGRAM.getValue(), "client_id",
				open.clientId(), "code", this.fixture.wechat().mintJsCode(MINI_PROGRAM, expected), "phone_code",
				this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, expected)));

		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		assertThat(Jwts.verified(this.fixture.issuer(), tokens.json().get("access_token").asString()).getSubject())
			.isEqualTo(id);
	}

	@Test
	void provisionWhenThePhoneNumberIsSomeonesOrMalformedThenRefused() {
		String phone = phoneNumberOf(newPerson());
		assertThat(this.admin.post("/admin/v1/users", "{\"phone_number\": \"" + phone + "\"}").status())
			.isEqualTo(201);

		Http.Response again = this.admin.post("/admin/v1/users",
				"{\"phone_number\": \"" + phone + "\", \"unionid\": \"u-" + newPerson() + "\"}");

		ClientAdminApiTests.assertProblem(again, 409, "phone_number");
		ClientAdminApiTests.assertProblem(this.admin.post("/admin/v1/users", "{\"phone_number\": \"13800138000\"}"),
				400, "phone_number");
		ClientAdminApiTests.assertProblem(this.admin.post("/admin/v1/users", "{}"), 400, "unionid");
		assertThat(this.admin.post("/admin/v1/users",
				"{\"unionid\": null, \"phone_number\": \"" + phoneNumberOf(newPerson()) + "\"}").status())
			.as("a field sent as null is one not sent").isEqualTo(201);
		ClientAdminApiTests.assertProblem(this.admin.post("/admin/v1/users", "{\"phone_number\": 8613800138000}"),
				400, "phone_number");
	}

	OidcTestClient staffWebApp() {
		return this.fixture.webClient(TestRegisteredClients.webClient()
			.clientSettings(ClientSettings.builder()
				.requireAuthorizationConsent(false)
				.setting(LoginPolicy.CLIENT_SETTING, LoginPolicy.LOGIN_ONLY.value())
				.build()));
	}

	Map<String, String> browserLogin(OidcTestClient client, String person) {
		Browser.Visit visit = this.fixture.person(person, Browser.DESKTOP)
			.open(client.authorizationUrl("openid"), client::isRedirectUri);
		return UriComponentsBuilder.fromUri(visit.last()).build().getQueryParams().toSingleValueMap();
	}

	@Test
	void webLoginWhenNobodyWeKnowThenTheClientGetsAccessDeniedAndNothingWritten() {
		String stranger = newPerson();
		int users = this.fixture.rows("users");

		Map<String, String> redirect = browserLogin(staffWebApp(), stranger);

		assertThat(redirect).containsEntry("error", "access_denied").doesNotContainKey("code");
		assertThat(this.fixture.rows("users")).isEqualTo(users);
	}

	@Test
	void webLoginWhenProvisionedByUnionidThenCodeForThatPerson() {
		String expected = newPerson();
		String id = this.admin.post("/admin/v1/users",
				"{\"unionid\": \"" + this.fixture.wechat().unionid(WeChatLoginFixture.WEBSITE, expected) + "\"}")
			.json()
			.get("id")
			.asString();
		OidcTestClient web = staffWebApp();

		Map<String, String> redirect = browserLogin(web, expected);

		assertThat(redirect).containsKey("code");
		Http.Response tokens = web.redeem(redirect.get("code"));
		assertThat(Jwts.verified(this.fixture.issuer(), tokens.json().get("id_token").asString()).getSubject())
			.isEqualTo(id);
	}

	@Test
	void registerWhenLoginOnlyOnClientCredentialsThenRefused() {
		Http.Response refused = this.admin.post("/admin/v1/clients", """
				{"grant_types": ["client_credentials"], "login_policy": "login-only"}""");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("login_policy");
	}

}
