package dev.wxauth.server.admin.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.wxauth.server.account.AccountApiSecurity;
import dev.wxauth.server.admin.AdminApiSecurity;
import dev.wxauth.server.admin.InvalidFieldsException;
import dev.wxauth.server.admin.InvalidFieldsException.FieldProblem;
import dev.wxauth.server.admin.clients.ClientMetadata;
import dev.wxauth.server.admin.clients.ClientRegistrations;
import dev.wxauth.server.grant.WeChatGrantTypes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Dynamic client registration (RFC 7591) and the registered client's management of itself (RFC 7592), made of
 * {@link ClientRegistrations}: the same rules and audit events as the admin API, and within them what a registrant no
 * operator vetted may ask for. It sets only RFC 7591's metadata and the registration metadata of RFC 9126, RFC 9449
 * and OIDC Back-Channel Logout; the server chooses the client's id and secret, the operator everything else (the
 * admin API). Its grants are {@code authorization_code} and {@code refresh_token}: a person signs in and, since a
 * registered client requires consent, sees who asks for what. Never the admin scopes, nor the framework's
 * {@code client.create} and {@code client.read}; never {@code client_credentials}, whose tokens carry the scopes the
 * registrant chose with nobody's consent, nor a WeChat code grant, bound to one of our WeChat apps.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591">RFC 7591</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7592">RFC 7592</a>
 */
final class DynamicClientRegistrations {

	/** What a registration sets, in the order answers show it. */
	static final List<String> REGISTRABLE = List.of("client_name", "logo_uri", "redirect_uris",
			"post_logout_redirect_uris", "grant_types", "scope", "token_endpoint_auth_method",
			"require_pushed_authorization_requests", "dpop_bound_access_tokens");

	/**
	 * What the operator sets through the admin API; a registration that names them is refused, not ignored. The
	 * back-channel logout URI among them: the server itself calls it, so a registrant could aim it inside our network.
	 */
	static final Set<String> OPERATORS = Set.of("wechat_app", "wechat_login_apps", "backchannel_logout_uri",
			"require_pkce", "require_consent", "access_token_audience", "introspect_any_access_token",
			"access_token_lifetime", "refresh_token_lifetime", "login_policy", "disabled");

	private static final String CLIENT_CREDENTIALS = AuthorizationGrantType.CLIENT_CREDENTIALS.getValue();

	/** What only an operator grants: the admin API's scopes, and the person's whole account (read and deleted). */
	private static final Set<String> RESERVED_SCOPES = Set.of(AdminApiSecurity.SCOPE_ADMIN, AdminApiSecurity.SCOPE_READ,
			"client.create", "client.read", AccountApiSecurity.SCOPE);

	private static final String INVALID_INITIAL_TOKEN = "The initial access token is unknown, expired, used up or revoked";

	private static final String INVALID_REGISTRATION_TOKEN = "The registration access token is not this client's, "
			+ "or the client is deleted or disabled";

	private static final Log logger = LogFactory.getLog(DynamicClientRegistrations.class);

	private final ClientRegistrations registrations;

	private final InitialAccessTokens initialAccessTokens;

	private final RegistrationAccessTokens registrationAccessTokens;

	private final TransactionOperations transactions;

	private final PasswordEncoder passwordEncoder;

	private final String endpoint;

	/** @param endpoint the registration endpoint's URL: a client's registration is there, by its {@code client_id} */
	DynamicClientRegistrations(ClientRegistrations registrations, InitialAccessTokens initialAccessTokens,
			RegistrationAccessTokens registrationAccessTokens, TransactionOperations transactions,
			PasswordEncoder passwordEncoder, String endpoint) {
		this.registrations = registrations;
		this.initialAccessTokens = initialAccessTokens;
		this.registrationAccessTokens = registrationAccessTokens;
		this.transactions = transactions;
		this.passwordEncoder = passwordEncoder;
		this.endpoint = endpoint;
	}

	/**
	 * The initial access token {@code token} is, while it opens a registration.
	 * @throws OAuth2AuthenticationException {@code invalid_token} otherwise
	 */
	long initialAccessToken(String token) {
		Long id = this.initialAccessTokens.live(token);
		if (id == null) {
			logger.debug("Refused a registration: no live initial access token");
			throw invalidToken(INVALID_INITIAL_TOKEN);
		}
		return id;
	}

	/**
	 * Checks that {@code token} is the registration access token of {@code clientId}, an enabled client.
	 * @throws OAuth2AuthenticationException {@code invalid_token} otherwise (RFC 7592 §2: 401 for a client that does
	 * not exist, too)
	 */
	void checkRegistrationAccess(String clientId, String token) {
		String owner = this.registrationAccessTokens.clientOf(token);
		if (owner == null || !owner.equals(clientId) || this.registrations.get(clientId).disabled()) {
			logger.debug("Refused a registration access token for client " + clientId);
			throw invalidToken(INVALID_REGISTRATION_TOKEN);
		}
	}

	/**
	 * Registers a client with one use of the initial access token {@code initialAccessToken}, spent only when the
	 * client is registered.
	 * @return the client's registration, with its secret (a confidential client) and registration access token, this
	 * once
	 * @throws InvalidFieldsException for what the request may not ask for, or what breaks a rule of every client
	 */
	ObjectNode register(long initialAccessToken, JsonNode body) {
		ObjectNode requested = object(body);
		List<FieldProblem> problems = new ArrayList<>();
		ObjectNode metadata = registrable(requested, problems);
		for (String chosen : List.of("client_id", "client_secret")) {
			if (requested.hasNonNull(chosen)) {
				problems.add(new FieldProblem(chosen, "is chosen by the server"));
			}
		}
		// a registrant no operator vetted: the person sees who asks for what
		metadata.put("require_consent", true);
		ClientMetadata client = checked(metadata, problems);
		return this.transactions.execute((transaction) -> {
			if (!this.initialAccessTokens.use(initialAccessToken)) {
				// spent by a concurrent registration, or revoked or expired since it was checked
				throw invalidToken(INVALID_INITIAL_TOKEN);
			}
			ClientRegistrations.Registered registered = this.registrations
				.register(InitialAccessTokens.actor(initialAccessToken), client);
			String clientId = registered.client().clientId();
			String registrationAccessToken = this.registrationAccessTokens.issue(clientId);
			return answer(registered.client(), registered.secret(), registrationAccessToken);
		});
	}

	/** The client's registration (RFC 7592 §2.1); never its secret. */
	ObjectNode read(String clientId, String registrationAccessToken) {
		return answer(this.registrations.get(clientId), null, registrationAccessToken);
	}

	/**
	 * Replaces what a registration sets with {@code body} (RFC 7592 §2.2): what it leaves out takes its default; what
	 * the operator set stays.
	 */
	ObjectNode replace(String clientId, String registrationAccessToken, JsonNode body) {
		ObjectNode requested = object(body);
		List<FieldProblem> problems = new ArrayList<>();
		ObjectNode metadata = registrable(requested, problems);
		JsonNode id = requested.get("client_id");
		if (id != null && !id.isNull() && !(id.isString() && id.stringValue().equals(clientId))) {
			problems.add(new FieldProblem("client_id", "must be this registration's client_id"));
		}
		JsonNode secret = requested.get("client_secret");
		if (secret != null && !secret.isNull() && !(secret.isString() && matchesSecret(clientId, secret.stringValue()))) {
			problems.add(new FieldProblem("client_secret", "must be the client's secret or left out: "
					+ "it cannot be changed here"));
		}
		checked(metadata, problems);
		ObjectNode patch = JsonNodeFactory.instance.objectNode();
		REGISTRABLE.forEach((field) -> patch.set(field,
				metadata.has(field) ? metadata.get(field) : JsonNodeFactory.instance.nullNode()));
		ClientMetadata replaced = this.registrations.update(clientId, clientId, patch);
		return answer(replaced, null, registrationAccessToken);
	}

	/** Deletes the client (RFC 7592 §2.3), its authorizations, consents and registration access token. */
	void delete(String clientId) {
		this.registrations.delete(clientId, clientId);
	}

	/**
	 * The request's registrable fields; a field of the server or the operator is a problem; any other is ignored, as
	 * RFC 7591 §2 asks of metadata a server does not understand.
	 */
	private static ObjectNode registrable(ObjectNode requested, List<FieldProblem> problems) {
		ObjectNode metadata = JsonNodeFactory.instance.objectNode();
		requested.properties().forEach((field) -> {
			String name = field.getKey();
			if (REGISTRABLE.contains(name)) {
				metadata.set(name, field.getValue());
			}
			else if (OPERATORS.contains(name) && !field.getValue().isNull()) {
				problems.add(new FieldProblem(name, "is set by the server's operator (admin API), not by registration"));
			}
			else if (name.equals("response_types") && !isCodeOnly(field.getValue())) {
				problems.add(new FieldProblem(name, "must be [\"code\"]: the one response type of this server"));
			}
		});
		return metadata;
	}

	private static boolean isCodeOnly(JsonNode responseTypes) {
		return responseTypes.isNull() || (responseTypes.isArray() && responseTypes.size() == 1
				&& responseTypes.get(0).isString() && responseTypes.get(0).stringValue().equals("code"));
	}

	/** The metadata read, and checked against what a registrant may ask for. */
	private static ClientMetadata checked(ObjectNode metadata, List<FieldProblem> problems) {
		ClientMetadata client;
		try {
			client = ClientMetadata.read(metadata);
		}
		catch (InvalidFieldsException ex) {
			problems.addAll(ex.problems());
			throw new InvalidFieldsException(problems);
		}
		for (int i = 0; i < client.grantTypes().size(); i++) {
			String grant = client.grantTypes().get(i);
			if (grant.equals(CLIENT_CREDENTIALS)) {
				problems.add(new FieldProblem("grant_types[" + i + "]", "client_credentials needs an operator "
						+ "(admin API): its tokens carry the scopes the registrant chose, with no person's consent"));
			}
			else if (WeChatGrantTypes.ALL.contains(new AuthorizationGrantType(grant))) {
				problems.add(new FieldProblem("grant_types[" + i + "]", "a WeChat code grant binds the client to one "
						+ "of our WeChat apps: an operator registers such a client (admin API)"));
			}
		}
		for (String scope : client.scope().split(" ")) {
			if (RESERVED_SCOPES.contains(scope)) {
				problems.add(new FieldProblem("scope", scope + " is not for a registered client"));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
		return client;
	}

	private boolean matchesSecret(String clientId, String secret) {
		String stored = this.registrations.storedSecret(clientId);
		return stored != null && this.passwordEncoder.matches(secret, stored);
	}

	/** A registration as RFC 7591 §3.2.1 and RFC 7592 §3 answer it: the operator's fields are not the client's. */
	private ObjectNode answer(ClientMetadata client, @Nullable String secret, String registrationAccessToken) {
		ObjectNode all = client.toJson();
		ObjectNode answer = JsonNodeFactory.instance.objectNode();
		answer.put("client_id", client.clientId());
		if (secret != null) {
			answer.put("client_secret", secret);
		}
		List<String> shown = new ArrayList<>(List.of("client_id_issued_at", "client_secret_expires_at"));
		shown.addAll(REGISTRABLE);
		for (String field : shown) {
			JsonNode value = all.get(field);
			if (value != null && !value.isNull()) {
				answer.set(field, value);
			}
		}
		if (client.grantTypes().contains("authorization_code")) {
			answer.putArray("response_types").add("code");
		}
		answer.put("registration_access_token", registrationAccessToken);
		answer.put("registration_client_uri", registrationUri(client.clientId()));
		return answer;
	}

	private String registrationUri(String clientId) {
		return UriComponentsBuilder.fromUriString(this.endpoint)
			.queryParam("client_id", clientId)
			.encode()
			.build()
			.toUriString();
	}

	private static ObjectNode object(JsonNode body) {
		if (!(body instanceof ObjectNode object)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"The body must be a JSON object of client metadata", null));
		}
		return object;
	}

	private static OAuth2AuthenticationException invalidToken(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
	}

	/** A registration gone while the request was on its way: as RFC 7592 §2 says, an invalid token. */
	static OAuth2AuthenticationException invalidRegistrationToken() {
		return invalidToken(INVALID_REGISTRATION_TOKEN);
	}

}
