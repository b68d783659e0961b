package dev.wxauth.server.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.wxauth.cli.WxauthAdmin;
import dev.wxauth.server.audit.LoginEventLog;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wxauth-admin} ({@link WxauthAdmin}) driven against the running server, as a shell would: its output and its exit codes. */
@AuthServerTest
class AdminCliTests {

	static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	LoginEventLog loginEvents;

	record Run(int exitCode, String out, String err) {

		JsonNode json() {
			return json.readTree(this.out);
		}

	}

	Run run(String... args) {
		List<String> all = new ArrayList<>(List.of("--issuer", this.fixture.issuer(), "--client-id", "wxauth-admin",
				"--client-secret", "wxauth-admin-secret"));
		all.addAll(List.of(args));
		return runAsIs(all.toArray(String[]::new));
	}

	Run runAsIs(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine commandLine = WxauthAdmin.commandLine();
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		int exitCode = commandLine.execute(args);
		return new Run(exitCode, out.toString(), err.toString());
	}

	@Test
	void clientsCreateThenTheSecretOnceAndTheClientListed() {
		String clientId = "cli-" + UUID.randomUUID();

		Run created = run("clients", "create", "--client-id", clientId, "--grant", "client_credentials", "--scope",
				"api.read");

		assertThat(created.exitCode()).as(created.err()).isZero();
		assertThat(created.out()).contains("client_secret: ", "shown this once");
		String secret = created.out().lines().filter((line) -> line.startsWith("client_secret: ")).findFirst()
			.orElseThrow().substring("client_secret: ".length());
		assertThat(new Http(this.fixture.issuer()).postForm("/oauth2/token",
				Http.form("grant_type", "client_credentials"), Http.basic(clientId, secret)).status()).isEqualTo(200);
		Run listed = run("clients", "list", "--limit", "200", "--grant-type", "client_credentials");
		assertThat(listed.out()).contains("client_id", clientId);
		assertThat(run("clients", "get", clientId).out()).doesNotContain(secret);
	}

	@Test
	void jsonWhenAskedThenTheApisJsonForScripts() {
		Run listed = run("--json", "keys", "list");

		assertThat(listed.exitCode()).isZero();
		assertThat(listed.json().get("items").get(0).get("state").asString()).isNotBlank();
		assertThat(run("keys", "list", "--json").json().has("items")).isTrue();
	}

	@Test
	void refusalWhenTheApiRefusesThenExitOneAndTheFieldsNamed() {
		Run refused = run("clients", "create", "--grant", "client_credentials", "--redirect-uri", "http://evil.example/");

		assertThat(refused.exitCode()).isEqualTo(1);
		assertThat(refused.err()).contains("Refused (400)", "redirect_uris");
		assertThat(run("users", "get", UUID.randomUUID().toString()).exitCode()).isEqualTo(1);
	}

	@Test
	void credentialsWhenWrongOrMissingThenExitThree() {
		Run wrong = runAsIs("--issuer", this.fixture.issuer(), "--client-id", "wxauth-admin", "--client-secret", "no",
				"keys", "list");
		Run missing = runAsIs("--issuer", this.fixture.issuer(), "keys", "list");

		assertThat(wrong.exitCode()).isEqualTo(3);
		assertThat(wrong.err()).contains("invalid_client");
		assertThat(missing.exitCode()).isEqualTo(3);
	}

	@Test
	void serverWhenNotThereThenExitFour() {
		Run nobody = runAsIs("--issuer", "http://127.0.0.1:1", "--client-id", "a", "--client-secret", "b", "audit");

		assertThat(nobody.exitCode()).isEqualTo(4);
	}

	@Test
	void helpWhenAskedOnEveryCommandThenUsageAndExitZero() {
		for (String[] command : new String[][] { { "--help" }, { "clients", "--help" }, { "clients", "create", "--help" },
				{ "users", "merge", "--help" }, { "keys", "retire", "--help" }, { "audit", "--help" },
				{ "apps", "add", "--help" }, { "apps", "check", "--help" }, { "login-events", "--help" } }) {
			Run help = runAsIs(command);
			assertThat(help.exitCode()).as(String.join(" ", command)).isZero();
			assertThat(help.out()).contains("Usage: wxauth-admin");
		}
		assertThat(runAsIs("clients", "nonsense").exitCode()).isEqualTo(2);
	}

	@Test
	void appsAddCheckRotateThenTheCheckSaysWhatIsWrongWithExitFive(@TempDir Path directory) throws IOException {
		Path secret = Files.writeString(directory.resolve("secret"), "secret-mini-c3\n");
		Path wrongSecret = Files.writeString(directory.resolve("wrong"), "not-the-secret\n");
		assertThat(run("apps", "add", "cli-shop", "--kind", "mini-program", "--appid", "wxd0000000000000c3")
			.exitCode()).as("no AppSecret given").isEqualTo(2);
		try {
			Run added = run("apps", "add", "cli-shop", "--kind", "mini-program", "--appid", "wxd0000000000000c3",
					"--secret-file", secret.toString());
			assertThat(added.exitCode()).as(added.err()).isZero();
			assertThat(added.out()).contains("source: database").doesNotContain("secret-mini-c3");
			assertThat(run("apps", "list").out()).contains("cli-shop", "mini-program", "environment");

			Run checked = run("apps", "check", "cli-shop");
			assertThat(checked.exitCode()).as(checked.out()).isZero();
			assertThat(checked.out()).contains("outcome: ok");
			assertThat(run("apps", "rotate-secret", "cli-shop", "--secret-file", wrongSecret.toString()).exitCode())
				.isZero();

			Run wrong = run("apps", "check", "cli-shop");

			assertThat(wrong.exitCode()).isEqualTo(5);
			assertThat(wrong.out()).contains("outcome: wrong-secret", "errcode: 40125", "AppSecret");
			assertThat(run("wechat-apps", "get", "website").out()).contains("read_only: true");
		}
		finally {
			assertThat(run("apps", "delete", "cli-shop").exitCode()).isZero();
		}
	}

	@Test
	void appsAddWithPushThenSetAndRemoveItNeverShowingTheToken(@TempDir Path directory) throws IOException {
		Path secret = Files.writeString(directory.resolve("secret"), "secret-mini-c3\n");
		Path token = Files.writeString(directory.resolve("token"), "cliPushToken9\n");
		Path key = Files.writeString(directory.resolve("key"), "CliEncodingAESKey0123456789abcdefghijklmnop\n");
		try {
			Run added = run("apps", "add", "cli-shop", "--kind", "mini-program", "--appid", "wxd0000000000000c3",
					"--secret-file", secret.toString(), "--push-token-file", token.toString(), "--encoding-aes-key-file",
					key.toString());
			assertThat(added.exitCode()).as(added.err()).isZero();
			assertThat(added.out()).contains("push_token_set: true", "encoding_aes_key_set: true")
				.doesNotContain("cliPushToken9", "CliEncodingAESKey");

			Run plaintextOnly = run("apps", "set-push", "cli-shop", "--push-token-file", token.toString());
			assertThat(plaintextOnly.exitCode()).as(plaintextOnly.err()).isZero();
			assertThat(plaintextOnly.out()).contains("push_token_set: true", "encoding_aes_key_set: false");
			assertThat(run("apps", "set-push", "cli-shop").exitCode()).as("no token given").isEqualTo(2);
			Run removed = run("apps", "remove-push", "cli-shop");
			assertThat(removed.out()).contains("push_token_set: false");
		}
		finally {
			assertThat(run("apps", "delete", "cli-shop").exitCode()).isZero();
		}
	}

	@Test
	void usersProvisionByPhoneNumberThenFoundByIt() {
		String phone = "+86199%08d".formatted(java.util.concurrent.ThreadLocalRandom.current().nextInt(90_000_000));

		Run provisioned = run("users", "provision", "--phone-number", phone);

		assertThat(provisioned.exitCode()).as(provisioned.err()).isZero();
		assertThat(provisioned.out()).contains("provisioned_phone_number: " + phone);
		assertThat(run("users", "find", "--phone-number", phone).out()).contains(phone);
		assertThat(run("users", "provision").exitCode()).as("neither unionid nor phone number").isEqualTo(1);
	}

	@Test
	void initialAccessTokensCreateThenTheTokenOnceAndItRegistersAClient() {
		Run created = run("initial-access-tokens", "create", "--expires-in", "600", "--uses", "2");

		assertThat(created.exitCode()).as(created.err()).isZero();
		assertThat(created.out()).contains("uses: 2", "shown this once");
		String token = created.out().lines().filter((line) -> line.startsWith("initial_access_token: ")).findFirst()
			.orElseThrow().substring("initial_access_token: ".length());
		String id = created.out().lines().filter((line) -> line.startsWith("id: ")).findFirst().orElseThrow()
			.substring("id: ".length());
		Http.Response registered = new Http(this.fixture.issuer()).postJson("/connect/register",
				"{\"redirect_uris\": [\"https://partner.example/callback\"]}", Http.bearer(token));
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		Run listed = run("initial-access-tokens", "list");
		assertThat(listed.out()).contains("used", id).doesNotContain(token);
		assertThat(run("initial-access-tokens", "revoke", id).out()).contains("Revoked " + id);
		assertThat(run("initial-access-tokens", "create", "--uses", "0").exitCode()).isEqualTo(1);
		assertThat(runAsIs("initial-access-tokens", "create", "--help").out()).contains("--expires-in", "--uses");
	}

	@Test
	void loginEventsWhenAPersonSignedInThenListedByPersonClientAndOutcome() {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		String person = "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
		Http.Response login = miniProgram.login(this.fixture.wechat().mintJsCode(WeChatLoginFixture.MINI_PROGRAM, person));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		this.loginEvents.flush();
		String userId = this.fixture.userId(WeChatLoginFixture.MINI_PROGRAM, person);

		Run byPerson = run("login-events", "--user", userId, "--outcome", "success", "--since", "2020-01-01T00:00:00Z",
				"--limit", "5");

		assertThat(byPerson.exitCode()).as(byPerson.err()).isZero();
		assertThat(byPerson.out().lines().findFirst().orElseThrow()).contains("occurred_at", "flow", "client_id",
				"outcome", "user_id", "ip_address");
		assertThat(byPerson.out()).contains("mini-program", miniProgram.clientId(), "success", userId, "true");
		assertThat(run("login-events", "--client", miniProgram.clientId()).out()).contains(userId);
		assertThat(run("login-events", "--client", miniProgram.clientId(), "--outcome", "denied").out())
			.doesNotContain(userId);
		Run refused = run("login-events", "--outcome", "lost");
		assertThat(refused.exitCode()).isEqualTo(1);
		assertThat(refused.err()).contains("Refused (400)", "outcome");
	}

	@Test
	void auditWhenAChangeWasMadeThenItIsListed() {
		String clientId = "cli-" + UUID.randomUUID();
		run("clients", "create", "--client-id", clientId, "--grant", "client_credentials");
		run("clients", "disable", clientId);

		Run audit = run("audit", "--resource-id", clientId);

		assertThat(audit.out()).contains("create", "update", "wxauth-admin");
	}

}
