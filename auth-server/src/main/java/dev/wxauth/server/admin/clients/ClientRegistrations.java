package dev.wxauth.server.admin.clients;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.wxauth.server.admin.InvalidFieldsException;
import dev.wxauth.server.admin.Paging;
import dev.wxauth.server.admin.ResourceConflictException;
import dev.wxauth.server.admin.ResourceNotFoundException;
import dev.wxauth.server.audit.AuditLog;
import dev.wxauth.server.authorization.EntitledTokenIntrospection;
import dev.wxauth.server.authorize.PushedAuthorizationRequests;
import dev.wxauth.server.client.AccessTokenAudience;
import dev.wxauth.server.client.CachingRegisteredClientRepository;
import dev.wxauth.server.client.ClientLogo;
import dev.wxauth.server.client.RotatingSecrets;
import dev.wxauth.server.federation.LoginPolicy;
import dev.wxauth.server.grant.WeChatCodeClients;
import dev.wxauth.server.logout.BackChannelLogouts;
import dev.wxauth.server.wechat.WeChatApps;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.StringUtils;

/**
 * Registers, changes and removes clients, each change checked by {@link ClientRules} and written with its audit event
 * in one transaction. The one way clients come to exist: the admin API, dynamic registration and dev mode all go
 * through it. A generated secret is returned once and stored only as a hash.
 */
public final class ClientRegistrations {

	static final String RESOURCE = "client";

	// @formatter:off
	private static final String COLUMNS = "id, client_id, client_id_issued_at, client_secret, client_secret_expires_at,"
			+ " client_name, client_authentication_methods, authorization_grant_types, redirect_uris,"
			+ " post_logout_redirect_uris, scopes, client_settings, token_settings";
	// @formatter:on

	private static final SecureRandom random = new SecureRandom();

	private final RegisteredClientRepository clients;

	private final JdbcRegisteredClientRepository stored;

	private final JdbcOperations jdbc;

	private final TransactionOperations transactions;

	private final PasswordEncoder passwordEncoder;

	private final AuditLog audit;

	private final WeChatApps weChatApps;

	private final ClientRules rules;

	private final Clock clock;

	ClientRegistrations(RegisteredClientRepository clients, JdbcOperations jdbc, TransactionOperations transactions,
			PasswordEncoder passwordEncoder, AuditLog audit, WeChatApps weChatApps, Clock clock) {
		this.clients = clients;
		this.stored = new JdbcRegisteredClientRepository(jdbc);
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.passwordEncoder = passwordEncoder;
		this.audit = audit;
		this.weChatApps = weChatApps;
		this.rules = new ClientRules(weChatApps::kindOf);
		this.clock = clock;
	}

	/**
	 * Registers a client; a confidential one gets a generated secret.
	 * @param actor who registers it, for the audit log
	 * @throws InvalidFieldsException when it breaks a rule
	 * @throws ResourceConflictException when its {@code client_id} is taken
	 */
	public Registered register(String actor, ClientMetadata metadata) {
		return register(actor, metadata, metadata.isPublic() ? null : newSecret());
	}

	/**
	 * Registers a client with a secret chosen by the caller: only for the bootstrap admin client and dev mode's demo
	 * clients, whose secrets are set outside the API.
	 */
	public Registered register(String actor, ClientMetadata metadata, @Nullable String secret) {
		ClientMetadata client = metadata.issued(
				(metadata.clientId() != null) ? metadata.clientId() : UUID.randomUUID().toString(),
				this.clock.instant().getEpochSecond());
		check(client, true);
		RegisteredClient registration = toRegistration(client, UUID.randomUUID().toString(),
				(secret != null) ? this.passwordEncoder.encode(secret) : null);
		try {
			this.transactions.executeWithoutResult((transaction) -> {
				holdWeChatApp(client);
				this.clients.save(registration);
				this.audit.record(actor, "create", RESOURCE, client.clientId(), null, client.toJson());
			});
		}
		catch (DuplicateKeyException | IllegalArgumentException ex) {
			// the framework checks the client id before inserting; the unique index catches a concurrent insert
			throw new ResourceConflictException("client_id", "client_id " + client.clientId() + " is taken");
		}
		return new Registered(client, secret);
	}

	/** @throws ResourceNotFoundException when there is no such client */
	public ClientMetadata get(String clientId) {
		return toMetadata(registration(clientId));
	}

	/** The client's stored (hashed) secret, disabled or not; {@code null} when it has none or does not exist. */
	public @Nullable String storedSecret(String clientId) {
		RegisteredClient client = this.stored.findByClientId(clientId);
		return (client != null) ? client.getClientSecret() : null;
	}

	public boolean exists(String clientId) {
		return this.stored.findByClientId(clientId) != null;
	}

	/**
	 * A page of clients in {@code client_id} order.
	 * @param after the {@code client_id} the page starts after; {@code null} for the first
	 * @param grantType only clients allowed this grant, when given
	 * @param weChatApp only clients bound to this WeChat app (their code grants' or one of their login apps), when given
	 */
	public Paging.Page<ClientMetadata> list(@Nullable String after, int limit, @Nullable String grantType,
			@Nullable String weChatApp) {
		List<String> conditions = new ArrayList<>();
		List<Object> arguments = new ArrayList<>();
		if (after != null) {
			conditions.add("client_id > ?");
			arguments.add(after);
		}
		if (grantType != null) {
			conditions.add("? = ANY (string_to_array(authorization_grant_types, ','))");
			arguments.add(grantType);
		}
		if (weChatApp != null) {
			conditions.add("(client_settings::jsonb ->> ? = ?"
					+ " OR ? = ANY (string_to_array(client_settings::jsonb ->> ?, ' ')))");
			arguments.add(WeChatApps.CLIENT_SETTING);
			arguments.add(weChatApp);
			arguments.add(weChatApp);
			arguments.add(WeChatApps.LOGIN_APPS_SETTING);
		}
		arguments.add(limit + 1);
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		List<RegisteredClient> page = this.jdbc.query(
				"SELECT " + COLUMNS + " FROM oauth2_registered_client" + where + " ORDER BY client_id LIMIT ?",
				new JdbcRegisteredClientRepository.JsonMapperRegisteredClientRowMapper(), arguments.toArray());
		return Paging.page(page.stream().map(ClientRegistrations::toMetadata).toList(), limit,
				ClientMetadata::clientId);
	}

	/**
	 * Replaces what the metadata says of a client (everything but its id, time of issue and secret) with
	 * {@code metadata}; what it cannot say (another token format, several authentication methods) is kept. A client
	 * disabled, or deprived of a scope, loses its live authorizations at once.
	 * @throws InvalidFieldsException when the result breaks a rule, or {@code metadata} names another client id
	 */
	public ClientMetadata replace(String actor, String clientId, ClientMetadata metadata) {
		if (metadata.clientId() != null && !metadata.clientId().equals(clientId)) {
			throw InvalidFieldsException.of("client_id", "cannot change; register a new client instead");
		}
		return change(clientId, (current, before) -> {
			ClientMetadata after = metadata.issued(clientId, before.clientIdIssuedAt());
			check(after, false);
			holdWeChatApp(after);
			if (after.isPublic() != before.isPublic()) {
				throw InvalidFieldsException.of("token_endpoint_auth_method",
						"cannot change between none and a secret; register a new client instead");
			}
			this.clients.save(updated(current, before, after));
			if ((after.disabled() && !before.disabled()) || !scopes(after).containsAll(scopes(before))) {
				revokeAll(current);
			}
			this.audit.record(actor, "update", RESOURCE, clientId, before.toJson(), after.toJson());
			return after;
		});
	}

	/**
	 * Changes the fields {@code patch} names, as a JSON merge patch (RFC 7396) of the client's JSON: a field set to
	 * {@code null} takes its default again.
	 */
	public ClientMetadata update(String actor, String clientId, JsonNode patch) {
		if (!(patch instanceof ObjectNode changes)) {
			throw InvalidFieldsException.of("body", "must be a JSON object");
		}
		// the read and the write in one transaction, the client's row locked: no concurrent change is lost
		return this.transactions.execute((transaction) -> {
			ObjectNode merged = toMetadata(lockedRegistration(clientId)).toJson();
			changes.properties().forEach((field) -> {
				if (field.getValue().isNull()) {
					merged.remove(field.getKey());
				}
				else {
					merged.set(field.getKey(), field.getValue());
				}
			});
			return replace(actor, clientId, ClientMetadata.read(merged));
		});
	}

	/**
	 * A new secret for a confidential client, returned this once.
	 * @param overlap how long the secret it replaces keeps working beside it; {@link Duration#ZERO}: not at all
	 * @throws InvalidFieldsException for a public client, which has none
	 */
	public Rotated rotateSecret(String actor, String clientId, Duration overlap) {
		String secret = newSecret();
		String encoded = this.passwordEncoder.encode(secret);
		Instant previousUntil = overlap.isPositive() ? this.clock.instant().plus(overlap) : null;
		change(clientId, (current, client) -> {
			if (client.isPublic()) {
				throw InvalidFieldsException.of("token_endpoint_auth_method", "a public client has no secret");
			}
			this.clients.save(RegisteredClient.from(current)
				.clientSecret((previousUntil != null)
						? RotatingSecrets.encode(encoded, current.getClientSecret(), previousUntil) : encoded)
				.build());
			// what changed is the secret, which no event shows
			this.audit.record(actor, "rotate-secret", RESOURCE, clientId, client.toJson(), client.toJson());
			return client;
		});
		return new Rotated(secret, previousUntil);
	}

	/** Deletes a client with its authorizations (its live tokens stop working) and its consents. */
	public void delete(String actor, String clientId) {
		change(clientId, (current, before) -> {
			revokeAll(current);
			this.jdbc.update("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = ?",
					current.getId());
			this.jdbc.update("DELETE FROM oauth2_registered_client WHERE id = ?", current.getId());
			this.audit.record(actor, "delete", RESOURCE, clientId, before.toJson(), null);
			return current;
		});
	}

	/**
	 * A change of one client, in one transaction with the client's row locked: two changes of a client wait for each
	 * other, and a change after a deletion finds no client (404) rather than bringing it back.
	 */
	private <T> T change(String clientId, Change<T> change) {
		List<RegisteredClient> changed = new ArrayList<>(1);
		T result = this.transactions.execute((transaction) -> {
			RegisteredClient current = lockedRegistration(clientId);
			changed.add(current);
			return change.apply(current, toMetadata(current));
		});
		// again once committed: a lookup between the save and the commit may have cached the client as it was
		if (this.clients instanceof CachingRegisteredClientRepository cache) {
			changed.forEach(cache::forget);
		}
		return result;
	}

	private RegisteredClient lockedRegistration(String clientId) {
		if (!StringUtils.hasText(clientId) || this.jdbc.queryForList(
				"SELECT id FROM oauth2_registered_client WHERE client_id = ? FOR UPDATE", String.class, clientId)
			.isEmpty()) {
			throw new ResourceNotFoundException(RESOURCE, clientId);
		}
		return registration(clientId);
	}

	/** Every authorization of the client: its tokens stop working at introspection, refresh and our APIs. */
	private void revokeAll(RegisteredClient client) {
		this.jdbc.update("DELETE FROM oauth2_authorization WHERE registered_client_id = ?", client.getId());
	}

	private static List<String> scopes(ClientMetadata client) {
		return client.scope().isEmpty() ? List.of() : List.of(client.scope().split(" "));
	}

	@FunctionalInterface
	private interface Change<T> {

		T apply(RegisteredClient current, ClientMetadata before);

	}

	/** The client's WeChat app, kept from deletion until the change commits (it may have gone since the check). */
	private void holdWeChatApp(ClientMetadata client) {
		if (client.wechatApp() != null && !this.weChatApps.lockForBinding(client.wechatApp())) {
			throw InvalidFieldsException.of("wechat_app", "no WeChat app " + client.wechatApp());
		}
		for (int i = 0; i < client.wechatLoginApps().size(); i++) {
			if (!this.weChatApps.lockForBinding(client.wechatLoginApps().get(i))) {
				throw InvalidFieldsException.of("wechat_login_apps[" + i + "]",
						"no WeChat app " + client.wechatLoginApps().get(i));
			}
		}
	}

	private void check(ClientMetadata client, boolean newClient) {
		List<InvalidFieldsException.FieldProblem> problems = this.rules.problems(client, newClient);
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
	}

	private RegisteredClient registration(String clientId) {
		RegisteredClient registration = StringUtils.hasText(clientId) ? this.stored.findByClientId(clientId) : null;
		if (registration == null) {
			throw new ResourceNotFoundException(RESOURCE, clientId);
		}
		return registration;
	}

	/** 256 random bits, base64url: as long as a secret needs to be, and safe in a Basic header or a form. */
	private static String newSecret() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * {@code current} with what the metadata says replaced by {@code after}; the rest (other settings, the token
	 * format, the code and ID token settings, several authentication methods when the metadata's one is among them)
	 * kept as it was.
	 */
	static RegisteredClient updated(RegisteredClient current, ClientMetadata before, ClientMetadata after) {
		RegisteredClient described = toRegistration(after, current.getId(), current.getClientSecret());
		ClientSettings.Builder settings = ClientSettings.withSettings(current.getClientSettings().getSettings());
		described.getClientSettings().getSettings().forEach(settings::setting);
		for (String removable : List.of(WeChatApps.CLIENT_SETTING, WeChatApps.LOGIN_APPS_SETTING,
				BackChannelLogouts.URI_SETTING, AccessTokenAudience.CLIENT_SETTING, ClientLogo.CLIENT_SETTING)) {
			if (!described.getClientSettings().getSettings().containsKey(removable)) {
				settings.settings((all) -> all.remove(removable));
			}
		}
		TokenSettings tokens = TokenSettings.withSettings(current.getTokenSettings().getSettings())
			.accessTokenTimeToLive(described.getTokenSettings().getAccessTokenTimeToLive())
			.refreshTokenTimeToLive(described.getTokenSettings().getRefreshTokenTimeToLive())
			.build();
		boolean sameMethod = before.tokenEndpointAuthMethod().equals(after.tokenEndpointAuthMethod());
		return RegisteredClient.from(described)
			.clientAuthenticationMethods((methods) -> {
				if (sameMethod) {
					methods.clear();
					methods.addAll(current.getClientAuthenticationMethods());
				}
			})
			.clientSecretExpiresAt(current.getClientSecretExpiresAt())
			.clientSettings(settings.build())
			.tokenSettings(tokens)
			.build();
	}

	static RegisteredClient toRegistration(ClientMetadata client, String id, @Nullable String encodedSecret) {
		ClientSettings.Builder settings = ClientSettings.builder()
			.requireProofKey(client.requirePkce())
			.requireAuthorizationConsent(client.requireConsent());
		if (client.wechatApp() != null) {
			settings.setting(WeChatApps.CLIENT_SETTING, client.wechatApp());
		}
		if (!client.wechatLoginApps().isEmpty()) {
			settings.setting(WeChatApps.LOGIN_APPS_SETTING, String.join(" ", client.wechatLoginApps()));
		}
		if (client.backchannelLogoutUri() != null) {
			settings.setting(BackChannelLogouts.URI_SETTING, client.backchannelLogoutUri());
		}
		if (client.logoUri() != null) {
			settings.setting(ClientLogo.CLIENT_SETTING, client.logoUri());
		}
		if (!client.accessTokenAudience().isEmpty()) {
			settings.setting(AccessTokenAudience.CLIENT_SETTING, String.join(" ", client.accessTokenAudience()));
		}
		settings.setting(PushedAuthorizationRequests.REQUIRED, client.requirePushedAuthorizationRequests());
		settings.setting(WeChatCodeClients.REQUIRE_DPOP, client.dpopBoundAccessTokens());
		settings.setting(EntitledTokenIntrospection.INTROSPECT_ANY_ACCESS_TOKEN, client.introspectAnyAccessToken());
		settings.setting(CachingRegisteredClientRepository.DISABLED, client.disabled());
		settings.setting(LoginPolicy.CLIENT_SETTING, client.loginPolicy());
		RegisteredClient.Builder registration = RegisteredClient.withId(id)
			.clientId(client.clientId())
			.clientIdIssuedAt(Instant.ofEpochSecond(client.clientIdIssuedAt()))
			.clientSecret(encodedSecret)
			.clientName(client.clientName())
			.clientAuthenticationMethod(new ClientAuthenticationMethod(client.tokenEndpointAuthMethod()))
			.redirectUris((uris) -> uris.addAll(client.redirectUris()))
			.postLogoutRedirectUris((uris) -> uris.addAll(client.postLogoutRedirectUris()))
			.clientSettings(settings.build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(Duration.ofSeconds(client.accessTokenLifetime()))
				.refreshTokenTimeToLive(Duration.ofSeconds(client.refreshTokenLifetime()))
				// rotation: a refresh token is used once (reuse revokes the grant, SingleUseRefreshTokens)
				.reuseRefreshTokens(false)
				.build());
		client.grantTypes().forEach((grant) -> registration.authorizationGrantType(new AuthorizationGrantType(grant)));
		if (!client.scope().isEmpty()) {
			registration.scopes((scopes) -> scopes.addAll(List.of(client.scope().split(" "))));
		}
		return registration.build();
	}

	static ClientMetadata toMetadata(RegisteredClient registration) {
		ClientSettings settings = registration.getClientSettings();
		String authMethod = registration.getClientAuthenticationMethods()
			.stream()
			.map(ClientAuthenticationMethod::getValue)
			.sorted()
			.findFirst()
			.orElse("client_secret_basic");
		Instant issuedAt = registration.getClientIdIssuedAt();
		// the framework names a client by its internal id when it was given no name
		String name = registration.getId().equals(registration.getClientName()) ? null : registration.getClientName();
		return new ClientMetadata(registration.getClientId(), (issuedAt != null) ? issuedAt.getEpochSecond() : 0, name,
				settings.getSetting(ClientLogo.CLIENT_SETTING), List.copyOf(registration.getRedirectUris()),
				List.copyOf(registration.getPostLogoutRedirectUris()),
				registration.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue).sorted().toList(),
				String.join(" ", registration.getScopes().stream().sorted().toList()), authMethod,
				settings.getSetting(BackChannelLogouts.URI_SETTING), settings.getSetting(WeChatApps.CLIENT_SETTING),
				WeChatApps.loginAppNames(registration), settings.isRequireProofKey(), settings.isRequireAuthorizationConsent(),
				isTrue(settings.getSetting(PushedAuthorizationRequests.REQUIRED)),
				isTrue(settings.getSetting(WeChatCodeClients.REQUIRE_DPOP)), AccessTokenAudience.of(registration),
				isTrue(settings.getSetting(EntitledTokenIntrospection.INTROSPECT_ANY_ACCESS_TOKEN)),
				registration.getTokenSettings().getAccessTokenTimeToLive().toSeconds(),
				registration.getTokenSettings().getRefreshTokenTimeToLive().toSeconds(),
				LoginPolicy.of(settings.getSetting(LoginPolicy.CLIENT_SETTING)).value(),
				isTrue(settings.getSetting(CachingRegisteredClientRepository.DISABLED)));
	}

	/** As the features that enforce a setting read it. */
	private static boolean isTrue(@Nullable Object setting) {
		return Boolean.TRUE.equals(setting);
	}

	/**
	 * A secret just rotated.
	 * @param secret the new secret, this once
	 * @param previousUntil when the secret it replaced stops working; {@code null}: it already has
	 */
	public record Rotated(String secret, @Nullable Instant previousUntil) {
	}

	/**
	 * A client just registered.
	 * @param secret its secret, this once; {@code null} for a public client
	 */
	public record Registered(ClientMetadata client, @Nullable String secret) {
	}

}
