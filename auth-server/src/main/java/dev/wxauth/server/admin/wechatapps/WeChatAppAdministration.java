package dev.wxauth.server.admin.wechatapps;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.wxauth.server.admin.AdminApiSecurity;
import dev.wxauth.server.admin.InvalidFieldsException;
import dev.wxauth.server.admin.Paging;
import dev.wxauth.server.admin.RequestBodies;
import dev.wxauth.server.admin.ResourceConflictException;
import dev.wxauth.server.admin.ResourceNotFoundException;
import dev.wxauth.server.admin.clients.ClientMetadata;
import dev.wxauth.server.admin.clients.ClientRegistrations;
import dev.wxauth.server.audit.AuditLog;
import dev.wxauth.server.wechat.AppKind;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatAppCheck;
import dev.wxauth.server.wechat.WeChatAppStore;
import dev.wxauth.server.wechat.WeChatApps;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Our WeChat apps as operators manage them: those added here live in the database (their AppSecret encrypted) and
 * are in use on every instance within {@code wxauth.wechat.apps-refresh-interval}; those configured by environment
 * variables are shown read-only. Each change is written with its audit event, never with the secret, in one
 * transaction that holds the app's row.
 */
public final class WeChatAppAdministration {

	static final String RESOURCE = "wechat_app";

	static final String DATABASE = "database";

	static final String ENVIRONMENT = "environment";

	// the registration id of a browser login and a path segment: lower case, digits, dashes
	private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

	private static final Pattern APPID = Pattern.compile("wx[0-9a-fA-F]{16}");

	// WeChat's are 32 hex digits; any visible ASCII is taken, so that a test platform's secrets fit
	private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]{8,128}");

	/** How many of the clients bound to an app a refused deletion names. */
	private static final int BOUND_CLIENTS_NAMED = 5;

	private static final String[] CREATE_FIELDS = { "name", "kind", "appid", "secret", "scope", "push_token",
			"encoding_aes_key" };

	private static final String PUSH_TOKEN_RULE = "must be the message push's Token: 3 to 32 letters, digits, dashes"
			+ " or underscores";

	private static final String ENCODING_AES_KEY_RULE = "must be the message push's EncodingAESKey: 43 letters, digits,"
			+ " + or /";

	private final WeChatApps apps;

	private final WeChatAppStore store;

	private final WeChatAppCheck check;

	private final ClientRegistrations clients;

	private final JdbcOperations jdbc;

	private final TransactionOperations transactions;

	private final AuditLog audit;

	private final Clock clock;

	WeChatAppAdministration(WeChatApps apps, WeChatAppStore store, WeChatAppCheck check, ClientRegistrations clients,
			JdbcOperations jdbc, TransactionOperations transactions, AuditLog audit, Clock clock) {
		this.apps = apps;
		this.store = store;
		this.check = check;
		this.clients = clients;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * A page of apps, the environment's and the stored ones, in name order.
	 * @param after the name the page starts after; {@code null} for the first
	 * @param kind only apps of this kind, when given
	 */
	public Paging.Page<AppView> list(@Nullable String after, int limit, @Nullable String kind) {
		Optional<AppKind> only = (kind != null) ? Optional.of(kind(kind, "kind")) : Optional.empty();
		List<AppView> page = Stream
			.concat(this.apps.environment().stream().map(AppView::fromEnvironment),
					this.store.list().stream().map(AppView::stored))
			.filter((app) -> only.isEmpty() || only.get().id().equals(app.kind()))
			.filter((app) -> after == null || app.name().compareTo(after) > 0)
			.filter(this::notHiddenByEnvironment)
			.sorted(Comparator.comparing(AppView::name))
			.limit(limit + 1L)
			.toList();
		return Paging.page(page, limit, AppView::name);
	}

	private boolean notHiddenByEnvironment(AppView app) {
		return app.source().equals(ENVIRONMENT) || this.apps.fromEnvironment(app.name()).isEmpty();
	}

	/** @throws ResourceNotFoundException when there is no such app */
	public AppView get(String name) {
		return this.apps.fromEnvironment(name)
			.map(AppView::fromEnvironment)
			.or(() -> this.store.find(name).map(AppView::stored))
			.orElseThrow(() -> new ResourceNotFoundException(RESOURCE, name));
	}

	/**
	 * Adds an app, in use on this instance at once and on the others within the refresh interval.
	 * @throws InvalidFieldsException when a field is missing or wrong
	 * @throws ResourceConflictException when its name or appid is taken
	 */
	public AppView create(String actor, JsonNode body) {
		ObjectNode fields = RequestBodies.object(body, "a WeChat app", CREATE_FIELDS);
		List<InvalidFieldsException.FieldProblem> problems = new ArrayList<>();
		String name = text(fields, "name", NAME, "must be 1 to 64 lower-case letters, digits and dashes, starting and"
				+ " ending with a letter or digit", problems);
		String kindId = text(fields, "kind", null, null, problems);
		AppKind kind = (kindId != null) ? AppKind.fromId(kindId).orElse(null) : null;
		if (kindId != null && kind == null) {
			problems.add(new InvalidFieldsException.FieldProblem("kind", kindsWords()));
		}
		String appid = text(fields, "appid", APPID, "must be an AppID: wx and 16 hexadecimal digits", problems);
		String secret = text(fields, "secret", SECRET, "must be the AppSecret: 8 to 128 visible ASCII characters",
				problems);
		String scope = scope(fields.get("scope"), kind, problems);
		Push push = push(fields, problems);
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
		if (this.apps.fromEnvironment(name).isPresent()) {
			throw new ResourceConflictException("name", "an app configured by environment variables is named " + name);
		}
		if (this.apps.environment().stream().anyMatch((app) -> app.appid().equals(appid))
				|| this.store.appidTaken(appid)) {
			throw new ResourceConflictException("appid", "another of our apps has the AppID " + appid);
		}
		WeChatApp app = new WeChatApp(name, kind, appid, secret, scope, push.token(), push.encodingAesKey());
		AppView created = changed(() -> {
			try {
				this.store.insert(app, this.clock.instant());
			}
			catch (DuplicateKeyException ex) {
				throw new ResourceConflictException("name", "the name or the AppID is another app's: " + name + ", "
						+ appid);
			}
			AppView view = this.store.find(name).map(AppView::stored).orElseThrow();
			this.audit.record(actor, "create", RESOURCE, name, null, view.toJson());
			return view;
		});
		return created;
	}

	/**
	 * Changes what an app's JSON merge patch names: {@code scope} (an official account's), {@code disabled} (a
	 * disabled app signs nobody in; what its logins gave lives on).
	 */
	public AppView update(String actor, String name, JsonNode patch) {
		if (!(patch instanceof ObjectNode changes)) {
			throw InvalidFieldsException.of("body", "must be a JSON object");
		}
		for (String field : changes.propertyNames()) {
			switch (field) {
				case "scope", "disabled" -> {
				}
				case "name", "kind", "appid" -> throw InvalidFieldsException.of(field,
						"cannot change: people's identities belong to it; add another app instead");
				case "secret" -> throw InvalidFieldsException.of(field,
						"is set with POST " + "/admin/v1/wechat-apps/" + name + "/secret");
				default -> throw InvalidFieldsException.of(field, "is not a field of a WeChat app");
			}
		}
		return changeStored(actor, name, "update", (current) -> {
			List<InvalidFieldsException.FieldProblem> problems = new ArrayList<>();
			String scope = changes.has("scope") ? scope(changes.get("scope"), current.kind(), problems)
					: current.scope();
			JsonNode disabled = changes.get("disabled");
			if (disabled != null && !disabled.isBoolean() && !disabled.isNull()) {
				problems.add(new InvalidFieldsException.FieldProblem("disabled", "must be true or false"));
			}
			if (!problems.isEmpty()) {
				throw new InvalidFieldsException(problems);
			}
			boolean disable = (disabled != null) ? disabled.asBoolean(false) : current.disabled();
			this.store.updateSettings(name, scope, disable, this.clock.instant());
		});
	}

	/** Sets the app's AppSecret, after it was reset on WeChat's platform (where the old one stops working at once). */
	public AppView rotateSecret(String actor, String name, @Nullable JsonNode body) {
		if (body == null || body.isNull()) {
			throw InvalidFieldsException.of("secret", "is required");
		}
		ObjectNode fields = RequestBodies.object(body, "a secret rotation", "secret");
		List<InvalidFieldsException.FieldProblem> problems = new ArrayList<>();
		String secret = text(fields, "secret", SECRET, "must be the AppSecret: 8 to 128 visible ASCII characters",
				problems);
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
		return changeStored(actor, name, "rotate-secret",
				(current) -> this.store.updateSecret(name, secret, this.clock.instant()));
	}

	/**
	 * Sets the app's message push: the Token and, for the safe mode, the EncodingAESKey, as set in WeChat's console
	 * (where the EncodingAESKey of an app in plaintext mode is best left out here: with one, only encrypted pushes are
	 * taken).
	 */
	public AppView setPush(String actor, String name, @Nullable JsonNode body) {
		if (body == null || body.isNull()) {
			throw InvalidFieldsException.of("push_token", "is required");
		}
		ObjectNode fields = RequestBodies.object(body, "a message push", "push_token", "encoding_aes_key");
		List<InvalidFieldsException.FieldProblem> problems = new ArrayList<>();
		if (fields.get("push_token") == null || fields.get("push_token").isNull()) {
			problems.add(new InvalidFieldsException.FieldProblem("push_token", "is required"));
		}
		Push push = push(fields, problems);
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
		return changeStored(actor, name, "set-push",
				(current) -> this.store.updatePush(name, push.token(), push.encodingAesKey(), this.clock.instant()));
	}

	/** Removes the app's message push settings: it takes no push any more. */
	public AppView removePush(String actor, String name) {
		return changeStored(actor, name, "remove-push",
				(current) -> this.store.updatePush(name, null, null, this.clock.instant()));
	}

	/**
	 * Deletes a stored app and its cached access token; refused while a client is bound to it. The people who signed
	 * in through it stay, with their identities.
	 */
	public void delete(String actor, String name) {
		changeStored(actor, name, "delete", (current) -> {
			Paging.Page<ClientMetadata> bound = this.clients.list(null, BOUND_CLIENTS_NAMED, null, name);
			if (!bound.items().isEmpty()) {
				throw new ResourceConflictException("name", "clients are bound to it: "
						+ String.join(", ", bound.items().stream().map(ClientMetadata::clientId).toList())
						+ ((bound.nextCursor() != null) ? ", ..." : "")
						+ "; bind them to another app or delete them first");
			}
			this.store.delete(name);
			this.jdbc.update("DELETE FROM wechat_app_access_tokens WHERE appid = ?", current.appid());
		});
	}

	/** Asks WeChat whether the app's credentials work from this server; disabled or not, stored or configured. */
	public CheckView check(String name) {
		WeChatApp app = this.apps.fromEnvironment(name).orElseGet(() -> {
			WeChatAppStore.StoredApp stored = this.store.find(name)
				.orElseThrow(() -> new ResourceNotFoundException(RESOURCE, name));
			if (!stored.secretReadable()) {
				throw new ResourceConflictException("name", "the AppSecret of " + name + " does not decrypt under this"
						+ " server's master key: set it again (POST " + AdminApiSecurity.PATH + "/wechat-apps/" + name
						+ "/secret)");
			}
			return stored.app();
		});
		return new CheckView(app.name(), app.appid(), this.check.check(app));
	}

	/**
	 * A change of one stored app, in one transaction with its row locked, with its audit event; then in use here at
	 * once.
	 */
	private @Nullable AppView changeStored(String actor, String name, String action,
			Consumer<WeChatAppStore.StoredApp> change) {
		return changed(() -> {
			if (this.apps.fromEnvironment(name).isPresent()) {
				throw new ResourceConflictException("name", "the app " + name
						+ " is configured by environment variables (WXAUTH_WECHAT_APPS_...): change it there");
			}
			WeChatAppStore.StoredApp current = this.store.lock(name)
				.orElseThrow(() -> new ResourceNotFoundException(RESOURCE, name));
			change.accept(current);
			AppView before = AppView.stored(current);
			AppView after = this.store.find(name).map(AppView::stored).orElse(null);
			this.audit.record(actor, action, RESOURCE, name, before.toJson(), (after != null) ? after.toJson() : null);
			return after;
		});
	}

	private <T> T changed(Supplier<T> change) {
		T result = this.transactions.execute((transaction) -> change.get());
		this.apps.refresh();
		return result;
	}

	private static @Nullable String text(ObjectNode fields, String field, @Nullable Pattern pattern,
			@Nullable String rule, List<InvalidFieldsException.FieldProblem> problems) {
		JsonNode value = fields.get(field);
		if (value == null || value.isNull()) {
			problems.add(new InvalidFieldsException.FieldProblem(field, "is required"));
			return null;
		}
		if (!value.isString() || (pattern != null && !pattern.matcher(value.asString()).matches())) {
			problems.add(new InvalidFieldsException.FieldProblem(field,
					(rule != null) ? rule : "must be a string"));
			return null;
		}
		return value.asString();
	}

	/** The push settings given, each optional; an EncodingAESKey needs a token. */
	private static Push push(ObjectNode fields, List<InvalidFieldsException.FieldProblem> problems) {
		String token = optionalText(fields, "push_token", WeChatApp.PUSH_TOKEN, PUSH_TOKEN_RULE, problems);
		String key = optionalText(fields, "encoding_aes_key", WeChatApp.ENCODING_AES_KEY, ENCODING_AES_KEY_RULE,
				problems);
		if (key != null && token == null && !fields.has("push_token")) {
			problems.add(new InvalidFieldsException.FieldProblem("push_token", "is required with an encoding_aes_key"));
		}
		return new Push(token, key);
	}

	private static @Nullable String optionalText(ObjectNode fields, String field, Pattern pattern, String rule,
			List<InvalidFieldsException.FieldProblem> problems) {
		JsonNode value = fields.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString() || !pattern.matcher(value.asString()).matches()) {
			problems.add(new InvalidFieldsException.FieldProblem(field, rule));
			return null;
		}
		return value.asString();
	}

	private record Push(@Nullable String token, @Nullable String encodingAesKey) {
	}

	/** An official account's scope, the first of its scopes unless given; no other kind has one. */
	private static @Nullable String scope(@Nullable JsonNode scope, @Nullable AppKind kind,
			List<InvalidFieldsException.FieldProblem> problems) {
		if (kind != AppKind.OFFICIAL_ACCOUNT) {
			if (scope != null && !scope.isNull()) {
				problems.add(new InvalidFieldsException.FieldProblem("scope", "only an official account has one"));
			}
			return null;
		}
		List<String> scopes = WeChatApp.officialAccountScopes();
		if (scope == null || scope.isNull()) {
			return scopes.getFirst();
		}
		if (!scope.isString() || !scopes.contains(scope.asString())) {
			problems.add(new InvalidFieldsException.FieldProblem("scope", "must be one of " + scopes));
			return null;
		}
		return scope.asString();
	}

	private static AppKind kind(String id, String field) {
		return AppKind.fromId(id).orElseThrow(() -> InvalidFieldsException.of(field, kindsWords()));
	}

	private static String kindsWords() {
		return "must be one of " + Stream.of(AppKind.values()).map(AppKind::id).toList();
	}

	/**
	 * An app as the admin API shows it: never its secret.
	 * @param source {@code database} (managed here) or {@code environment} (read-only)
	 */
	public record AppView(String name, String kind, String appid, @Nullable String scope, String source,
			boolean disabled, boolean secretReadable, @Nullable Instant createdAt, @Nullable Instant updatedAt,
			@Nullable Instant secretUpdatedAt, boolean pushTokenSet, boolean encodingAesKeySet) {

		static AppView fromEnvironment(WeChatApp app) {
			return new AppView(app.name(), app.kind().id(), app.appid(), app.scope(), ENVIRONMENT, false, true, null,
					null, null, app.pushToken() != null, app.encodingAesKey() != null);
		}

		static AppView stored(WeChatAppStore.StoredApp stored) {
			return new AppView(stored.name(), stored.kind().id(), stored.appid(), stored.scope(), DATABASE,
					stored.disabled(), stored.secretReadable(), stored.createdAt(), stored.updatedAt(),
					stored.secretUpdatedAt(), stored.pushToken() != null, stored.encodingAesKey() != null);
		}

		ObjectNode toJson() {
			ObjectNode json = JsonNodeFactory.instance.objectNode();
			json.put("name", this.name);
			json.put("kind", this.kind);
			json.put("appid", this.appid);
			if (this.scope != null) {
				json.put("scope", this.scope);
			}
			json.put("source", this.source);
			json.put("read_only", this.source.equals(ENVIRONMENT));
			json.put("disabled", this.disabled);
			// false: stored under another master key; unusable until its AppSecret is set again
			json.put("secret_readable", this.secretReadable);
			// whether set, never what: both are secrets
			json.put("push_token_set", this.pushTokenSet);
			json.put("encoding_aes_key_set", this.encodingAesKeySet);
			// an app of the environment has no history here
			if (this.createdAt != null && this.updatedAt != null && this.secretUpdatedAt != null) {
				json.put("created_at", this.createdAt.toString());
				json.put("updated_at", this.updatedAt.toString());
				json.put("secret_updated_at", this.secretUpdatedAt.toString());
			}
			return json;
		}

	}

	/** What WeChat said of an app's credentials, in words an operator acts on. */
	public record CheckView(String name, String appid, WeChatAppCheck.Result result) {

		Map<String, Object> toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("name", this.name);
			json.put("appid", this.appid);
			json.putAll(this.result.describe());
			return json;
		}

	}

}
