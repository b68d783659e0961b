package dev.wxauth.server.admin.clients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.wxauth.server.admin.InvalidFieldsException;
import dev.wxauth.server.admin.InvalidFieldsException.FieldProblem;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client as the admin API (and dynamic registration) describes it: RFC 7591's client metadata names wherever one
 * exists ({@code redirect_uris}, {@code grant_types}, {@code scope} as one space-separated string,
 * {@code token_endpoint_auth_method}, {@code logo_uri}, ...), RFC 9126's
 * {@code require_pushed_authorization_requests}, RFC 9449's {@code dpop_bound_access_tokens}, OIDC Back-Channel
 * Logout's {@code backchannel_logout_uri}, and wxauth's own where none does. Times are seconds. The secret is never
 * part of it: it is shown once, beside it, when generated.
 *
 * @param clientId {@code null} when a new client leaves it to the server
 * @param clientIdIssuedAt epoch seconds; set by the server
 * @param logoUri RFC 7591's {@code logo_uri}: the image the consent page shows beside the client's name
 * @param wechatApp the WeChat app (by our name for it) whose codes the client trades at the token endpoint
 * @param wechatLoginApps the website and official-account apps its browser logins may go through; empty: any
 * @param accessTokenAudience the {@code aud} of the client's access tokens: the APIs they are for
 * @param introspectAnyAccessToken whether the client (a resource server) may introspect any client's access tokens
 * @param loginPolicy {@code sign-up}, or {@code login-only}: its logins bring in only people we know already
 * @param disabled a disabled client is unknown to the protocol endpoints ({@code invalid_client}) until enabled
 */
public record ClientMetadata(@Nullable String clientId, long clientIdIssuedAt, @Nullable String clientName,
		@Nullable String logoUri, List<String> redirectUris, List<String> postLogoutRedirectUris,
		List<String> grantTypes, String scope, String tokenEndpointAuthMethod, @Nullable String backchannelLogoutUri,
		@Nullable String wechatApp, List<String> wechatLoginApps, boolean requirePkce, boolean requireConsent,
		boolean requirePushedAuthorizationRequests, boolean dpopBoundAccessTokens, List<String> accessTokenAudience,
		boolean introspectAnyAccessToken, long accessTokenLifetime, long refreshTokenLifetime, String loginPolicy,
		boolean disabled) {

	/** The fields a request may send, each with how to read it. */
	private static final Map<String, Function<JsonNode, @Nullable Object>> fields = new LinkedHashMap<>();

	/** Fields only the server sets: ignored when sent back as they came (a client may PUT what it GOT). */
	private static final Set<String> SET_BY_SERVER = Set.of("client_id_issued_at", "client_secret_expires_at");

	static {
		fields.put("client_id", ClientMetadata::string);
		fields.put("client_name", ClientMetadata::string);
		fields.put("logo_uri", ClientMetadata::string);
		fields.put("redirect_uris", ClientMetadata::strings);
		fields.put("post_logout_redirect_uris", ClientMetadata::strings);
		fields.put("grant_types", ClientMetadata::strings);
		fields.put("scope", ClientMetadata::string);
		fields.put("token_endpoint_auth_method", ClientMetadata::string);
		fields.put("backchannel_logout_uri", ClientMetadata::string);
		fields.put("wechat_app", ClientMetadata::string);
		fields.put("wechat_login_apps", ClientMetadata::strings);
		fields.put("require_pkce", ClientMetadata::bool);
		fields.put("require_consent", ClientMetadata::bool);
		fields.put("require_pushed_authorization_requests", ClientMetadata::bool);
		fields.put("dpop_bound_access_tokens", ClientMetadata::bool);
		fields.put("access_token_audience", ClientMetadata::strings);
		fields.put("introspect_any_access_token", ClientMetadata::bool);
		fields.put("access_token_lifetime", ClientMetadata::seconds);
		fields.put("refresh_token_lifetime", ClientMetadata::seconds);
		fields.put("login_policy", ClientMetadata::string);
		fields.put("disabled", ClientMetadata::bool);
	}

	/**
	 * Reads a request's JSON object, unknown fields and fields of the wrong type refused by name; what it leaves out
	 * gets its default (RFC 7591's where it has one: the {@code authorization_code} grant and
	 * {@code client_secret_basic}).
	 * @throws InvalidFieldsException naming every field that cannot be read
	 */
	public static ClientMetadata read(JsonNode body) {
		if (!(body instanceof ObjectNode object)) {
			throw InvalidFieldsException.of("body", "must be a JSON object");
		}
		List<FieldProblem> problems = new ArrayList<>();
		Map<String, Object> values = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : object.properties()) {
			String name = field.getKey();
			Function<JsonNode, @Nullable Object> reader = fields.get(name);
			if (name.equals("client_secret")) {
				problems.add(new FieldProblem(name, "is generated by the server; rotate it with POST "
						+ "/admin/v1/clients/{client_id}/secret"));
			}
			else if (reader == null && !SET_BY_SERVER.contains(name)) {
				problems.add(new FieldProblem(name, "is not a client metadata field this server knows"));
			}
			else if (reader != null && !field.getValue().isNull()) {
				Object value = reader.apply(field.getValue());
				if (value == null) {
					problems.add(new FieldProblem(name, expected(name)));
				}
				else if (!wellFormed(value)) {
					// JSON can escape half a surrogate pair; stored as UTF-8 it would turn into another value
					problems.add(new FieldProblem(name, "is not valid Unicode text"));
				}
				else {
					values.put(name, value);
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
		List<String> grantTypes = list(values, "grant_types", List.of("authorization_code"));
		return new ClientMetadata((String) values.get("client_id"), 0, (String) values.get("client_name"),
				(String) values.get("logo_uri"), list(values, "redirect_uris", List.of()),
				list(values, "post_logout_redirect_uris", List.of()),
				grantTypes, (String) values.getOrDefault("scope", ""),
				(String) values.getOrDefault("token_endpoint_auth_method", "client_secret_basic"),
				(String) values.get("backchannel_logout_uri"), (String) values.get("wechat_app"),
				list(values, "wechat_login_apps", List.of()), flag(values, "require_pkce", true),
				flag(values, "require_consent", false),
				flag(values, "require_pushed_authorization_requests", false),
				flag(values, "dpop_bound_access_tokens", false), list(values, "access_token_audience", List.of()),
				flag(values, "introspect_any_access_token", false),
				(long) values.getOrDefault("access_token_lifetime", ClientRules.DEFAULT_ACCESS_TOKEN_LIFETIME),
				(long) values.getOrDefault("refresh_token_lifetime", ClientRules.DEFAULT_REFRESH_TOKEN_LIFETIME),
				(String) values.getOrDefault("login_policy", "sign-up"), flag(values, "disabled", false));
	}

	/** The same client with another id and time of issue. */
	ClientMetadata issued(String id, long issuedAt) {
		return new ClientMetadata(id, issuedAt, this.clientName, this.logoUri, this.redirectUris,
				this.postLogoutRedirectUris, this.grantTypes, this.scope, this.tokenEndpointAuthMethod,
				this.backchannelLogoutUri, this.wechatApp, this.wechatLoginApps, this.requirePkce, this.requireConsent,
				this.requirePushedAuthorizationRequests, this.dpopBoundAccessTokens, this.accessTokenAudience,
				this.introspectAnyAccessToken, this.accessTokenLifetime, this.refreshTokenLifetime, this.loginPolicy,
				this.disabled);
	}

	public boolean isPublic() {
		return "none".equals(this.tokenEndpointAuthMethod);
	}

	/** As the API shows it (and the audit log keeps it): every field, none secret. */
	public ObjectNode toJson() {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		ObjectNode json = nodes.objectNode();
		json.put("client_id", this.clientId);
		json.put("client_id_issued_at", this.clientIdIssuedAt);
		if (!isPublic()) {
			// RFC 7591 §3.2.1: required when a secret was issued; 0 is "never expires"
			json.put("client_secret_expires_at", 0);
		}
		json.put("client_name", this.clientName);
		json.put("logo_uri", this.logoUri);
		json.set("redirect_uris", array(this.redirectUris));
		json.set("post_logout_redirect_uris", array(this.postLogoutRedirectUris));
		json.set("grant_types", array(this.grantTypes));
		json.put("scope", this.scope);
		json.put("token_endpoint_auth_method", this.tokenEndpointAuthMethod);
		json.put("backchannel_logout_uri", this.backchannelLogoutUri);
		json.put("wechat_app", this.wechatApp);
		json.set("wechat_login_apps", array(this.wechatLoginApps));
		json.put("require_pkce", this.requirePkce);
		json.put("require_consent", this.requireConsent);
		json.put("require_pushed_authorization_requests", this.requirePushedAuthorizationRequests);
		json.put("dpop_bound_access_tokens", this.dpopBoundAccessTokens);
		json.set("access_token_audience", array(this.accessTokenAudience));
		json.put("introspect_any_access_token", this.introspectAnyAccessToken);
		json.put("access_token_lifetime", this.accessTokenLifetime);
		json.put("refresh_token_lifetime", this.refreshTokenLifetime);
		json.put("login_policy", this.loginPolicy);
		json.put("disabled", this.disabled);
		return json;
	}

	private static ArrayNode array(List<String> values) {
		ArrayNode array = JsonNodeFactory.instance.arrayNode();
		values.forEach(array::add);
		return array;
	}

	private static boolean wellFormed(Object value) {
		if (value instanceof String text) {
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else if (Character.isSurrogate(c)) {
					return false;
				}
			}
			return true;
		}
		return !(value instanceof List<?> list) || list.stream().allMatch(ClientMetadata::wellFormed);
	}

	private static @Nullable Object string(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}

	private static @Nullable Object strings(JsonNode node) {
		if (!node.isArray()) {
			return null;
		}
		List<String> values = new ArrayList<>();
		for (JsonNode element : node) {
			if (!element.isString()) {
				return null;
			}
			values.add(element.stringValue());
		}
		return List.copyOf(values);
	}

	private static @Nullable Object bool(JsonNode node) {
		return node.isBoolean() ? node.booleanValue() : null;
	}

	private static @Nullable Object seconds(JsonNode node) {
		return (node.isIntegralNumber() && node.canConvertToLong()) ? node.longValue() : null;
	}

	private static String expected(String field) {
		Function<JsonNode, @Nullable Object> reader = fields.get(field);
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		if (reader.apply(nodes.arrayNode()) != null) {
			return "must be an array of strings";
		}
		if (reader.apply(nodes.booleanNode(true)) != null) {
			return "must be true or false";
		}
		if (reader.apply(nodes.numberNode(1L)) != null) {
			return "must be a whole number of seconds";
		}
		return "must be a string";
	}

	@SuppressWarnings("unchecked")
	private static List<String> list(Map<String, Object> values, String field, List<String> otherwise) {
		return (List<String>) values.getOrDefault(field, otherwise);
	}

	private static boolean flag(Map<String, Object> values, String field, boolean otherwise) {
		return (boolean) values.getOrDefault(field, otherwise);
	}

}
