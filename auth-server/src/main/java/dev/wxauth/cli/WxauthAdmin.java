package dev.wxauth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code wxauth-admin}: the admin API from a shell. Every command is one or two HTTP requests to {@code /admin/v1/};
 * nothing touches the database. Tables for people by default, {@code --json} for scripts. Exit codes: 0 done, 1 the
 * API refused (its problem is printed), 2 a usage error, 3 the admin client got no token, 4 the server did not
 * answer.
 */
@Command(name = "wxauth-admin", mixinStandardHelpOptions = true, version = "wxauth-admin 1",
		description = "Operate wxauth through its admin API.",
		subcommands = { WxauthAdmin.Clients.class, WxauthAdmin.Apps.class, WxauthAdmin.Users.class,
				WxauthAdmin.Keys.class, WxauthAdmin.Audit.class, WxauthAdmin.LoginEvents.class,
				WxauthAdmin.InitialAccessTokens.class },
		footer = { "", "Exit codes: 0 done, 1 the API refused, 2 usage, 3 no token for the admin client, 4 no answer,",
				"5 a WeChat app's check found a problem." })
public final class WxauthAdmin {

	static final int REFUSED = 1;

	static final int NOT_ADMITTED = 3;

	static final int UNREACHABLE = 4;

	static final int CHECK_FAILED = 5;

	@Option(names = "--issuer", defaultValue = "${env:WXAUTH_ADMIN_ISSUER:-http://localhost:9000}",
			description = "wxauth's issuer (env WXAUTH_ADMIN_ISSUER; default ${DEFAULT-VALUE})")
	String issuer;

	@Option(names = "--client-id", defaultValue = "${env:WXAUTH_ADMIN_CLIENT_ID}",
			description = "the admin client (env WXAUTH_ADMIN_CLIENT_ID)")
	String clientId;

	@Option(names = "--client-secret", defaultValue = "${env:WXAUTH_ADMIN_CLIENT_SECRET}",
			description = "its secret (env WXAUTH_ADMIN_CLIENT_SECRET; prefer the variable: arguments show in ps)")
	String clientSecret;

	@Option(names = "--json", scope = CommandLine.ScopeType.INHERIT, description = "print the API's JSON as it is")
	boolean json;

	public static void main(String[] args) {
		System.exit(commandLine().execute(args));
	}

	/** The command line with its error handling: what the tests run too. */
	public static CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(new WxauthAdmin());
		commandLine.setExecutionExceptionHandler((ex, line, parsed) -> {
			PrintWriter err = line.getErr();
			if (ex instanceof AdminApi.Refused refused) {
				err.println("Refused (" + refused.status + "): " + refused.getMessage());
				refused.problem.path("errors")
					.forEach((error) -> err.println("  " + error.path("field").asString() + ": "
							+ error.path("detail").asString()));
				return REFUSED;
			}
			if (ex instanceof AdminApi.NotAdmitted || ex instanceof MissingCredentials) {
				err.println(ex.getMessage());
				return NOT_ADMITTED;
			}
			if (ex instanceof AdminApi.Unreachable) {
				err.println(ex.getMessage());
				return UNREACHABLE;
			}
			if (ex instanceof UsageError) {
				err.println(ex.getMessage());
				return CommandLine.ExitCode.USAGE;
			}
			if (ex instanceof JacksonException) {
				err.println("Not JSON: " + ((JacksonException) ex).getOriginalMessage());
				return CommandLine.ExitCode.USAGE;
			}
			throw ex;
		});
		return commandLine;
	}

	AdminApi api() {
		if (this.clientId == null || this.clientSecret == null) {
			throw new MissingCredentials();
		}
		return new AdminApi(this.issuer, this.clientId, this.clientSecret);
	}

	/** What the subcommands share: the API, and how to print what it answers. */
	@Command
	static final class Output {

		@Spec(Spec.Target.MIXEE)
		CommandSpec spec;

		WxauthAdmin root() {
			return (WxauthAdmin) this.spec.root().userObject();
		}

		AdminApi api() {
			return root().api();
		}

		PrintWriter out() {
			return this.spec.commandLine().getOut();
		}

		/** One resource: its fields, one a line, or its JSON. */
		int show(JsonNode resource) {
			if (root().json) {
				out().println(AdminApi.json.writerWithDefaultPrettyPrinter().writeValueAsString(resource));
				return 0;
			}
			resource.properties().forEach((field) -> out().println(field.getKey() + ": " + text(field.getValue())));
			return 0;
		}

		/** A page: a table of {@code columns}, and how to ask for the next page, or its JSON. */
		int table(JsonNode page, String... columns) {
			if (root().json) {
				return show(page);
			}
			List<String[]> rows = new ArrayList<>();
			rows.add(columns);
			page.path("items").forEach((item) -> {
				String[] row = new String[columns.length];
				for (int i = 0; i < columns.length; i++) {
					row[i] = text(item.path(columns[i]));
				}
				rows.add(row);
			});
			int[] widths = new int[columns.length];
			rows.forEach((row) -> {
				for (int i = 0; i < row.length; i++) {
					widths[i] = Math.max(widths[i], Math.min(row[i].length(), 48));
				}
			});
			for (String[] row : rows) {
				StringBuilder line = new StringBuilder();
				for (int i = 0; i < row.length; i++) {
					String cell = (row[i].length() > 48) ? row[i].substring(0, 47) + "…" : row[i];
					line.append(cell).append(" ".repeat(widths[i] - cell.length() + 2));
				}
				out().println(line.toString().stripTrailing());
			}
			if (page.hasNonNull("next_cursor")) {
				out().println("(more: --cursor " + page.path("next_cursor").asString() + ")");
			}
			return 0;
		}

		private static String text(JsonNode value) {
			if (value == null || value.isMissingNode() || value.isNull()) {
				return "-";
			}
			if (value.isArray()) {
				List<String> items = new ArrayList<>();
				value.forEach((item) -> items.add(item.isValueNode() ? item.asString() : item.toString()));
				return String.join(" ", items);
			}
			return value.isValueNode() ? value.asString() : value.toString();
		}

	}

	/** Paging options of the list commands. */
	static final class Page {

		@Option(names = "--limit", description = "at most this many (1-200)")
		String limit;

		@Option(names = "--cursor", description = "the page after the one that printed it")
		String cursor;

		Map<String, String> query(String... namesAndValues) {
			Map<String, String> query = new LinkedHashMap<>();
			query.put("limit", this.limit);
			query.put("cursor", this.cursor);
			for (int i = 0; i < namesAndValues.length; i += 2) {
				query.put(namesAndValues[i], namesAndValues[i + 1]);
			}
			return query;
		}

	}

	/** A command on one resource named by its id: what it asks of the API, its answer printed. */
	abstract static class OnOne implements Callable<Integer> {

		@Mixin
		Output output = new Output();

		@Parameters(index = "0", paramLabel = "ID", description = "the resource's id")
		String id;

		/** @param id the resource's id, URL-encoded */
		abstract JsonNode ask(AdminApi api, String id);

		@Override
		public Integer call() {
			return this.output.show(ask(this.output.api(), AdminApi.encode(this.id)));
		}

	}

	/** Disables or enables one resource named by its id: a merge patch of its {@code disabled}. */
	abstract static class SetDisabled extends OnOne {

		private final String path;

		private final boolean disabled;

		SetDisabled(String path, boolean disabled) {
			this.path = path;
			this.disabled = disabled;
		}

		@Override
		JsonNode ask(AdminApi api, String id) {
			return api.patch(this.path + "/" + id, AdminApi.json.createObjectNode().put("disabled", this.disabled));
		}

	}

	/** A deletion of one resource named by its id. */
	abstract static class DeleteOne extends OnOne {

		@Override
		public Integer call() {
			ask(this.output.api(), AdminApi.encode(this.id));
			this.output.out().println("Deleted " + this.id);
			return 0;
		}

	}

	@Command(name = "clients", mixinStandardHelpOptions = true, description = "Registered clients.",
			subcommands = { Clients.List.class, Clients.Get.class, Clients.Create.class, Clients.Update.class,
					Clients.Disable.class, Clients.Enable.class, Clients.RotateSecret.class, Clients.Delete.class })
	static final class Clients {

		static final String PATH = "/admin/v1/clients";

		@Command(name = "list", mixinStandardHelpOptions = true, description = "Clients in client_id order.")
		static final class List implements Callable<Integer> {

			@Mixin
			Output output = new Output();

			@Mixin
			Page page = new Page();

			@Option(names = "--grant-type", description = "only clients allowed this grant")
			String grantType;

			@Option(names = "--wechat-app", description = "only clients bound to this WeChat app")
			String weChatApp;

			@Override
			public Integer call() {
				return this.output.table(
						this.output.api().get(PATH, this.page.query("grant_type", this.grantType, "wechat_app", this.weChatApp)),
						"client_id", "client_name", "grant_types", "token_endpoint_auth_method", "wechat_app", "disabled");
			}

		}

		@Command(name = "get", mixinStandardHelpOptions = true, description = "One client (never its secret).")
		static final class Get extends OnOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.get(PATH + "/" + id, Map.of());
			}

		}

		@Command(name = "create", mixinStandardHelpOptions = true,
				description = { "Register a client. A confidential one's secret is printed this once.",
						"Fields by option, or all of its RFC 7591 metadata with --metadata." })
		static final class Create implements Callable<Integer> {

			@Mixin
			Output output = new Output();

			@Option(names = "--metadata", description = "the client's metadata as JSON; the options below add to it")
			String metadata;

			@Option(names = "--client-id", description = "generated when left out")
			String clientId;

			@Option(names = "--name")
			String name;

			@Option(names = "--logo-uri", description = "https URL of the image the consent page shows beside the name")
			String logoUri;

			@Option(names = "--grant", description = "a grant type (repeat for several)")
			java.util.List<String> grants;

			@Option(names = "--redirect-uri", description = "repeat for several")
			java.util.List<String> redirectUris;

			@Option(names = "--scope", description = "space-separated")
			String scope;

			@Option(names = "--auth-method", description = "client_secret_basic (default), client_secret_post, none")
			String authMethod;

			@Option(names = "--wechat-app", description = "the WeChat app whose codes a mini-program or app client trades")
			String weChatApp;

			@Option(names = "--audience", description = "an API its access tokens are for (repeat for several)")
			java.util.List<String> audience;

			@Option(names = "--login-policy", description = "sign-up (default) or login-only")
			String loginPolicy;

			@Override
			public Integer call() {
				ObjectNode body = (this.metadata != null) ? (ObjectNode) AdminApi.json.readTree(this.metadata)
						: AdminApi.json.createObjectNode();
				put(body, "client_id", this.clientId);
				put(body, "client_name", this.name);
				put(body, "logo_uri", this.logoUri);
				put(body, "scope", this.scope);
				put(body, "token_endpoint_auth_method", this.authMethod);
				put(body, "wechat_app", this.weChatApp);
				put(body, "login_policy", this.loginPolicy);
				array(body, "grant_types", this.grants);
				array(body, "redirect_uris", this.redirectUris);
				array(body, "access_token_audience", this.audience);
				JsonNode created = this.output.api().post(PATH, body);
				this.output.show(created);
				if (created.has("client_secret") && !this.output.root().json) {
					this.output.out().println("(the secret is shown this once: keep it now)");
				}
				return 0;
			}

			private static void put(ObjectNode body, String field, String value) {
				if (value != null) {
					body.put(field, value);
				}
			}

			private static void array(ObjectNode body, String field, java.util.List<String> values) {
				if (values != null) {
					ArrayNode array = body.putArray(field);
					values.forEach(array::add);
				}
			}

		}

		@Command(name = "update", mixinStandardHelpOptions = true,
				description = "Change fields: a JSON merge patch (null restores a field's default).")
		static final class Update extends OnOne {

			@Parameters(index = "1", paramLabel = "PATCH", description = "e.g. '{\"client_name\": \"Shop\"}'")
			String patch;

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.patch(PATH + "/" + id, AdminApi.json.readTree(this.patch));
			}

		}

		@Command(name = "disable", mixinStandardHelpOptions = true,
				description = "invalid_client until enabled; its live tokens are revoked.")
		static final class Disable extends SetDisabled {

			Disable() {
				super(PATH, true);
			}

		}

		@Command(name = "enable", mixinStandardHelpOptions = true, description = "Undo disable.")
		static final class Enable extends SetDisabled {

			Enable() {
				super(PATH, false);
			}

		}

		@Command(name = "rotate-secret", mixinStandardHelpOptions = true,
				description = "A new secret, printed this once; the old one stops now, or after --overlap.")
		static final class RotateSecret extends OnOne {

			@Option(names = "--overlap", description = "seconds the old secret keeps working (up to 604800)")
			Long overlap;

			@Override
			JsonNode ask(AdminApi api, String id) {
				ObjectNode body = AdminApi.json.createObjectNode();
				if (this.overlap != null) {
					body.put("previous_secret_valid_for", this.overlap);
				}
				return api.post(PATH + "/" + id + "/secret", body);
			}

		}

		@Command(name = "delete", mixinStandardHelpOptions = true,
				description = "Delete the client, its authorizations and consents.")
		static final class Delete extends DeleteOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.delete(PATH + "/" + id);
			}

		}

	}

	@Command(name = "apps", aliases = "wechat-apps", mixinStandardHelpOptions = true,
			description = { "Our WeChat apps. Those configured by environment variables are listed read-only.",
					"An AppSecret is never an argument (arguments show in ps): it is read from --secret-file",
					"(- for standard input) or the variable WXAUTH_WECHAT_APP_SECRET; likewise the message push's",
					"Token and EncodingAESKey (--push-token-file, --encoding-aes-key-file, or WXAUTH_WECHAT_PUSH_TOKEN",
					"and WXAUTH_WECHAT_ENCODING_AES_KEY)." },
			subcommands = { Apps.List.class, Apps.Get.class, Apps.Add.class, Apps.RotateSecret.class, Apps.SetPush.class,
					Apps.RemovePush.class, Apps.Check.class, Apps.Disable.class, Apps.Enable.class, Apps.Delete.class })
	static final class Apps {

		static final String PATH = "/admin/v1/wechat-apps";

		/** Where an AppSecret comes from. */
		static final class Secret {

			@Option(names = "--secret-file", paramLabel = "FILE",
					description = "a file whose first line is the AppSecret; - for standard input")
			String file;

			String read() {
				if (this.file == null) {
					String fromEnvironment = System.getenv("WXAUTH_WECHAT_APP_SECRET");
					if (fromEnvironment == null || fromEnvironment.isBlank()) {
						throw new UsageError(
								"The AppSecret: --secret-file FILE (- for standard input) or WXAUTH_WECHAT_APP_SECRET");
					}
					return fromEnvironment.strip();
				}
				return firstLine(this.file, "the AppSecret");
			}

		}

		/** The first line of {@code file} ({@code -}: standard input), stripped. */
		static String firstLine(String file, String what) {
			try {
				// standard input stays open: it is not ours to close
				String line = file.equals("-")
						? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine()
						: Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream().findFirst().orElse(null);
				return (line != null) ? line.strip() : "";
			}
			catch (IOException ex) {
				throw new UsageError("Cannot read " + what + " from " + file + ": " + ex.getMessage());
			}
		}

		/** Where the message push's Token and EncodingAESKey come from, when given. */
		static final class PushSettings {

			@Option(names = "--push-token-file", paramLabel = "FILE",
					description = "a file whose first line is the message push's Token; - for standard input")
			String tokenFile;

			@Option(names = "--encoding-aes-key-file", paramLabel = "FILE",
					description = "a file whose first line is the message push's EncodingAESKey (safe mode)")
			String keyFile;

			/** Adds {@code push_token} and {@code encoding_aes_key} to {@code body}, those given. */
			ObjectNode addTo(ObjectNode body) {
				if ("-".equals(this.tokenFile) && "-".equals(this.keyFile)) {
					throw new UsageError("Only one of --push-token-file and --encoding-aes-key-file can be -");
				}
				String token = read(this.tokenFile, "WXAUTH_WECHAT_PUSH_TOKEN", "the push Token");
				String key = read(this.keyFile, "WXAUTH_WECHAT_ENCODING_AES_KEY", "the EncodingAESKey");
				if (token != null) {
					body.put("push_token", token);
				}
				if (key != null) {
					body.put("encoding_aes_key", key);
				}
				return body;
			}

			private static String read(String file, String variable, String what) {
				if (file != null) {
					return firstLine(file, what);
				}
				String fromEnvironment = System.getenv(variable);
				return (fromEnvironment != null && !fromEnvironment.isBlank()) ? fromEnvironment.strip() : null;
			}

		}

		@Command(name = "list", mixinStandardHelpOptions = true, description = "Apps in name order.")
		static final class List implements Callable<Integer> {

			@Mixin
			Output output = new Output();

			@Mixin
			Page page = new Page();

			@Option(names = "--kind", description = "website, official-account, mini-program or mobile-app")
			String kind;

			@Override
			public Integer call() {
				return this.output.table(this.output.api().get(PATH, this.page.query("kind", this.kind)), "name",
						"kind", "appid", "source", "disabled");
			}

		}

		@Command(name = "get", mixinStandardHelpOptions = true, description = "One app (never its AppSecret).")
		static final class Get extends OnOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.get(PATH + "/" + id, Map.of());
			}

		}

		@Command(name = "add", mixinStandardHelpOptions = true,
				description = "Add an app: every instance uses it within seconds. Check it next.")
		static final class Add implements Callable<Integer> {

			@Mixin
			Output output = new Output();

			@Parameters(index = "0", paramLabel = "NAME",
					description = "ours: what a client's wechat_app names (lower case, digits, dashes)")
			String name;

			@Option(names = "--kind", required = true,
					description = "website, official-account, mini-program or mobile-app")
			String kind;

			@Option(names = "--appid", required = true)
			String appid;

			@Option(names = "--scope", description = "an official account's: snsapi_userinfo (default) or snsapi_base")
			String scope;

			@Mixin
			Secret secret = new Secret();

			@Mixin
			PushSettings push = new PushSettings();

			@Override
			public Integer call() {
				ObjectNode body = AdminApi.json.createObjectNode()
					.put("name", this.name)
					.put("kind", this.kind)
					.put("appid", this.appid)
					.put("secret", this.secret.read());
				if (this.scope != null) {
					body.put("scope", this.scope);
				}
				return this.output.show(this.output.api().post(PATH, this.push.addTo(body)));
			}

		}

		@Command(name = "set-push", mixinStandardHelpOptions = true, description = { "Set the message push as set in"
				+ " WeChat's console: its Token and, for the safe mode, its EncodingAESKey.",
				"WeChat's pushes about the app's people are then taken at <issuer>/wechat/events/<name>." })
		static final class SetPush extends OnOne {

			@Mixin
			PushSettings push = new PushSettings();

			@Override
			JsonNode ask(AdminApi api, String id) {
				ObjectNode body = this.push.addTo(AdminApi.json.createObjectNode());
				if (!body.has("push_token")) {
					throw new UsageError("The push Token: --push-token-file FILE (- for standard input) or"
							+ " WXAUTH_WECHAT_PUSH_TOKEN");
				}
				return api.put(PATH + "/" + id + "/push", body);
			}

		}

		@Command(name = "remove-push", mixinStandardHelpOptions = true,
				description = "Remove the message push settings: the app takes no push any more.")
		static final class RemovePush extends OnOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.delete(PATH + "/" + id + "/push");
			}

		}

		@Command(name = "rotate-secret", mixinStandardHelpOptions = true,
				description = "Set the AppSecret after resetting it on WeChat's platform.")
		static final class RotateSecret extends OnOne {

			@Mixin
			Secret secret = new Secret();

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.post(PATH + "/" + id + "/secret",
						AdminApi.json.createObjectNode().put("secret", this.secret.read()));
			}

		}

		@Command(name = "check", mixinStandardHelpOptions = true,
				description = "Ask WeChat whether the AppID and AppSecret work from the server; exit code 5 if not.")
		static final class Check extends OnOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.post(PATH + "/" + id + "/check", AdminApi.json.createObjectNode());
			}

			@Override
			public Integer call() {
				JsonNode result = ask(this.output.api(), AdminApi.encode(this.id));
				this.output.show(result);
				return result.path("ok").asBoolean(false) ? 0 : CHECK_FAILED;
			}

		}

		@Command(name = "disable", mixinStandardHelpOptions = true,
				description = "Sign nobody in through it until enabled; what its logins gave lives on.")
		static final class Disable extends SetDisabled {

			Disable() {
				super(PATH, true);
			}

		}

		@Command(name = "enable", mixinStandardHelpOptions = true, description = "Undo disable.")
		static final class Enable extends SetDisabled {

			Enable() {
				super(PATH, false);
			}

		}

		@Command(name = "delete", mixinStandardHelpOptions = true,
				description = "Delete an app added through the API; refused while clients are bound to it.")
		static final class Delete extends DeleteOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.delete(PATH + "/" + id);
			}

		}

	}

	@Command(name = "users", mixinStandardHelpOptions = true, description = "People.",
			subcommands = { Users.Find.class, Users.Get.class, Users.Provision.class, Users.Disable.class,
					Users.Enable.class, Users.Merge.class, Users.Unlink.class, Users.Delete.class })
	static final class Users {

		static final String PATH = "/admin/v1/users";

		@Command(name = "find", mixinStandardHelpOptions = true,
				description = "People by phone number, unionid, or appid with openid (all of them when none is given).")
		static final class Find implements Callable<Integer> {

			@Mixin
			Output output = new Output();

			@Mixin
			Page page = new Page();

			@Option(names = { "--phone", "--phone-number" }, description = "E.164, as stored: +8613800138000")
			String phone;

			@Option(names = "--unionid")
			String unionid;

			@Option(names = "--appid")
			String appid;

			@Option(names = "--openid")
			String openid;

			@Override
			public Integer call() {
				return this.output.table(this.output.api()
					.get(PATH, this.page.query("phone_number", this.phone, "unionid", this.unionid, "appid", this.appid,
							"openid", this.openid)),
						"id", "nickname", "phone_number", "disabled", "created_at");
			}

		}

		@Command(name = "get", mixinStandardHelpOptions = true,
				description = "One person, their WeChat identities and the clients holding their live grants.")
		static final class Get extends OnOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.get(PATH + "/" + id, Map.of());
			}

		}

		@Command(name = "provision", mixinStandardHelpOptions = true,
				description = { "Register a person before their first login, by the unionid WeChat will give or the",
						"phone number a mini-program login will prove (or both)." })
		static final class Provision implements Callable<Integer> {

			@Mixin
			Output output = new Output();

			@Option(names = "--unionid")
			String unionid;

			@Option(names = { "--phone", "--phone-number" }, description = "E.164: +8613800138000")
			String phoneNumber;

			@Override
			public Integer call() {
				ObjectNode body = AdminApi.json.createObjectNode();
				if (this.unionid != null) {
					body.put("unionid", this.unionid);
				}
				if (this.phoneNumber != null) {
					body.put("phone_number", this.phoneNumber);
				}
				return this.output.show(this.output.api().post(PATH, body));
			}

		}

		@Command(name = "disable", mixinStandardHelpOptions = true,
				description = "Refuse their logins; end their sessions and revoke their authorizations now.")
		static final class Disable extends OnOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.post(PATH + "/" + id + "/disable", AdminApi.json.createObjectNode());
			}

		}

		@Command(name = "enable", mixinStandardHelpOptions = true, description = "Let them sign in again.")
		static final class Enable extends OnOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.post(PATH + "/" + id + "/enable", AdminApi.json.createObjectNode());
			}

		}

		@Command(name = "merge", mixinStandardHelpOptions = true,
				description = "Merge the person --from into ID: one sub for both from now on.")
		static final class Merge extends OnOne {

			@Option(names = "--from", required = true)
			String from;

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.post(PATH + "/" + id + "/merge", AdminApi.json.createObjectNode().put("from", this.from));
			}

		}

		@Command(name = "unlink", mixinStandardHelpOptions = true, description = "Unlink one WeChat identity.")
		static final class Unlink implements Callable<Integer> {

			@Mixin
			Output output = new Output();

			@Parameters(index = "0", paramLabel = "ID")
			String id;

			@Parameters(index = "1", paramLabel = "APPID")
			String appid;

			@Parameters(index = "2", paramLabel = "OPENID")
			String openid;

			@Override
			public Integer call() {
				this.output.api()
					.delete(PATH + "/" + AdminApi.encode(this.id) + "/identities/" + AdminApi.encode(this.appid) + "/"
							+ AdminApi.encode(this.openid));
				this.output.out().println("Unlinked " + this.appid + "/" + this.openid);
				return 0;
			}

		}

		@Command(name = "delete", mixinStandardHelpOptions = true,
				description = "Delete the person and everything kept of them.")
		static final class Delete extends DeleteOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.delete(PATH + "/" + id);
			}

		}

	}

	@Command(name = "keys", mixinStandardHelpOptions = true, description = "Signing keys.",
			subcommands = { Keys.List.class, Keys.Rotate.class, Keys.Retire.class })
	static final class Keys {

		static final String PATH = "/admin/v1/keys";

		@Command(name = "list", mixinStandardHelpOptions = true, description = "Keys, newest first, with their state.")
		static final class List implements Callable<Integer> {

			@Mixin
			Output output = new Output();

			@Mixin
			Page page = new Page();

			@Override
			public Integer call() {
				return this.output.table(this.output.api().get(PATH, this.page.query()), "kid", "state", "activates_at",
						"retires_at");
			}

		}

		@Command(name = "rotate", mixinStandardHelpOptions = true,
				description = "Start a rotation now: the new key signs after wxauth.keys.publish-ahead.")
		static final class Rotate implements Callable<Integer> {

			@Mixin
			Output output = new Output();

			@Override
			public Integer call() {
				return this.output.show(this.output.api().post(PATH + "/rotate", AdminApi.json.createObjectNode()));
			}

		}

		@Command(name = "retire", mixinStandardHelpOptions = true,
				description = "Take a replaced key out of the JWKS now: nothing it signed verifies any more.")
		static final class Retire extends OnOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.post(PATH + "/" + id + "/retire", AdminApi.json.createObjectNode());
			}

		}

	}

	@Command(name = "initial-access-tokens", mixinStandardHelpOptions = true,
			description = "Tokens that open dynamic client registration (RFC 7591) at the registration endpoint.",
			subcommands = { InitialAccessTokens.Create.class, InitialAccessTokens.List.class,
					InitialAccessTokens.Revoke.class })
	static final class InitialAccessTokens {

		static final String PATH = "/admin/v1/initial-access-tokens";

		@Command(name = "create", mixinStandardHelpOptions = true,
				description = "Issue a token, printed this once: it registers --uses clients until it expires.")
		static final class Create implements Callable<Integer> {

			@Mixin
			Output output = new Output();

			@Option(names = "--expires-in", description = "seconds until it expires (60-2592000; default 86400)")
			Long expiresIn;

			@Option(names = "--uses", description = "how many clients it may register (1-1000; default 1)")
			Integer uses;

			@Override
			public Integer call() {
				ObjectNode body = AdminApi.json.createObjectNode();
				if (this.expiresIn != null) {
					body.put("expires_in", this.expiresIn);
				}
				if (this.uses != null) {
					body.put("uses", this.uses);
				}
				this.output.show(this.output.api().post(PATH, body));
				if (!this.output.root().json) {
					this.output.out().println("(the token is shown this once: hand it to whoever registers the clients)");
				}
				return 0;
			}

		}

		@Command(name = "list", mixinStandardHelpOptions = true,
				description = "Tokens, newest first, with their uses (never the tokens themselves).")
		static final class List implements Callable<Integer> {

			@Mixin
			Output output = new Output();

			@Mixin
			Page page = new Page();

			@Override
			public Integer call() {
				return this.output.table(this.output.api().get(PATH, this.page.query()), "id", "created_by",
						"expires_at", "uses", "used", "active");
			}

		}

		@Command(name = "revoke", mixinStandardHelpOptions = true,
				description = "Revoke a token: it registers no more clients (those it registered stay).")
		static final class Revoke extends OnOne {

			@Override
			JsonNode ask(AdminApi api, String id) {
				return api.delete(PATH + "/" + id);
			}

			@Override
			public Integer call() {
				ask(this.output.api(), AdminApi.encode(this.id));
				this.output.out().println("Revoked " + this.id);
				return 0;
			}

		}

	}

	@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log, newest first.")
	static final class Audit implements Callable<Integer> {

		@Mixin
		Output output = new Output();

		@Mixin
		Page page = new Page();

		@Option(names = "--resource-type", description = "client, user, key")
		String resourceType;

		@Option(names = "--resource-id")
		String resourceId;

		@Option(names = "--actor", description = "the admin client that made the change")
		String actor;

		@Option(names = "--action")
		String action;

		@Override
		public Integer call() {
			return this.output.table(this.output.api()
				.get("/admin/v1/audit-events", this.page.query("resource_type", this.resourceType, "resource_id",
						this.resourceId, "actor", this.actor, "action", this.action)),
					"occurred_at", "actor", "action", "resource_type", "resource_id");
		}

	}

	@Command(name = "login-events", mixinStandardHelpOptions = true,
			description = "Logins through WeChat, newest first: how each ended, for whom, from where.")
	static final class LoginEvents implements Callable<Integer> {

		@Mixin
		Output output = new Output();

		@Mixin
		Page page = new Page();

		@Option(names = "--user", paramLabel = "ID", description = "our user id (their sub)")
		String user;

		@Option(names = "--client", paramLabel = "ID", description = "the client_id they signed in for")
		String client;

		@Option(names = "--app", description = "our name of the WeChat app")
		String app;

		@Option(names = "--flow", description = "website, official-account, mini-program or mobile-app")
		String flow;

		@Option(names = "--outcome", description = "success, denied, snapshot-user, upstream-busy, ...")
		String outcome;

		@Option(names = "--since", paramLabel = "TIME", description = "RFC 3339: 2026-01-31T08:00:00Z")
		String since;

		@Option(names = "--until", paramLabel = "TIME", description = "RFC 3339, not included")
		String until;

		@Override
		public Integer call() {
			return this.output.table(this.output.api()
				.get("/admin/v1/login-events", this.page.query("user_id", this.user, "client_id", this.client, "app",
						this.app, "flow", this.flow, "outcome", this.outcome, "since", this.since, "until", this.until)),
					"occurred_at", "flow", "app", "client_id", "outcome", "user_id", "new_user", "ip_address", "reason");
		}

	}

	/** Something the command needs is missing or unreadable, found only once it runs. */
	static final class UsageError extends RuntimeException {

		UsageError(String message) {
			super(message);
		}

	}

	/** Neither flags nor variables name the admin client. */
	static final class MissingCredentials extends RuntimeException {

		MissingCredentials() {
			super("Name the admin client: --client-id and WXAUTH_ADMIN_CLIENT_SECRET (or --client-secret)");
		}

	}

}
