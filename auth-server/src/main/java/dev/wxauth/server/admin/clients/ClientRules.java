package dev.wxauth.server.admin.clients;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.wxauth.server.account.AccountApiSecurity;
import dev.wxauth.server.admin.AdminApiSecurity;
import dev.wxauth.server.admin.InvalidFieldsException.FieldProblem;
import dev.wxauth.server.client.ClientLogo;
import dev.wxauth.server.federation.LoginPolicy;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.wechat.AppKind;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.OidcScopes;

/**
 * What a client registration must be, whoever registers it (the admin API, dynamic registration, dev mode): RFC 9700's
 * rules for redirect URIs (absolute, matched exactly, so no wildcard; no fragment; {@code https}, or {@code http} on
 * a loopback address, or a native app's private-use scheme, RFC 8252 §7), grants that fit the client's kind (a public
 * client has no secret, so no {@code client_credentials}, and proves its codes with PKCE or is bound to a WeChat app
 * of its grant's kind), the admin scopes only for a confidential client that acts for itself alone, the scopes
 * that act for a person ({@code openid}, {@code account}) never for a client that acts for itself alone, and a logo
 * at an {@code https} URL ({@link ClientLogo}).
 */
final class ClientRules {

	static final long DEFAULT_ACCESS_TOKEN_LIFETIME = 300;

	static final long DEFAULT_REFRESH_TOKEN_LIFETIME = 3600;

	private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{3,100}");

	/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
	private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");

	/** RFC 3986 scheme, with a dot as RFC 8252 §7.1 asks of a private-use scheme (a reversed domain name). */
	private static final Pattern PRIVATE_USE_SCHEME = Pattern.compile("[a-z][a-z0-9+-]*(\\.[a-z0-9+-]+)+");

	private static final Set<String> AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post", "none");

	private static final String CODE = AuthorizationGrantType.AUTHORIZATION_CODE.getValue();

	private static final String REFRESH = AuthorizationGrantType.REFRESH_TOKEN.getValue();

	private static final String CLIENT_CREDENTIALS = AuthorizationGrantType.CLIENT_CREDENTIALS.getValue();

	/** Each WeChat code grant, with the kind of WeChat app whose codes it trades. */
	private static final Map<String, AppKind> WECHAT_GRANTS = Map.of(WeChatGrantTypes.MINI_PROGRAM.getValue(),
			AppKind.MINI_PROGRAM, WeChatGrantTypes.MOBILE_APP.getValue(), AppKind.MOBILE_APP);

	private static final Set<String> ADMIN_SCOPES = Set.of(AdminApiSecurity.SCOPE_ADMIN, AdminApiSecurity.SCOPE_READ);

	private static final int MAX_URIS = 20;

	private static final int MAX_URI_LENGTH = 2000;

	private final Function<String, Optional<AppKind>> weChatApps;

	/** @param weChatApps the kind of the WeChat app of that name, if we have one */
	ClientRules(Function<String, Optional<AppKind>> weChatApps) {
		this.weChatApps = weChatApps;
	}

	/**
	 * Every field that breaks a rule, empty when none does.
	 * @param newClient whether the client is being registered: a client registered before these rules keeps its id
	 */
	List<FieldProblem> problems(ClientMetadata client, boolean newClient) {
		List<FieldProblem> problems = new ArrayList<>();
		if (newClient && client.clientId() != null && !CLIENT_ID.matcher(client.clientId()).matches()) {
			problems.add(new FieldProblem("client_id", "must be 3 to 100 letters, digits or . _ ~ -"));
		}
		if (client.clientName() != null && (client.clientName().isBlank() || client.clientName().length() > 200
				|| client.clientName().chars().anyMatch(Character::isISOControl))) {
			problems.add(new FieldProblem("client_name", "must be 1 to 200 characters, none of them control characters"));
		}
		if (client.logoUri() != null) {
			String problem = ClientLogo.problem(client.logoUri());
			if (problem != null) {
				problems.add(new FieldProblem("logo_uri", problem));
			}
		}
		if (!AUTH_METHODS.contains(client.tokenEndpointAuthMethod())) {
			problems.add(new FieldProblem("token_endpoint_auth_method", "must be one of " + String.join(", ",
					List.of("client_secret_basic", "client_secret_post", "none"))));
		}
		grants(client, problems);
		uris("redirect_uris", client.redirectUris(), client.isPublic(), problems);
		uris("post_logout_redirect_uris", client.postLogoutRedirectUris(), client.isPublic(), problems);
		boolean code = client.grantTypes().contains(CODE);
		if (code && client.redirectUris().isEmpty()) {
			problems.add(new FieldProblem("redirect_uris", "the authorization_code grant needs at least one"));
		}
		onlyWithCode(client, "redirect_uris", !client.redirectUris().isEmpty(), problems);
		onlyWithCode(client, "post_logout_redirect_uris", !client.postLogoutRedirectUris().isEmpty(), problems);
		onlyWithCode(client, "backchannel_logout_uri", client.backchannelLogoutUri() != null, problems);
		onlyWithCode(client, "wechat_login_apps", !client.wechatLoginApps().isEmpty(), problems);
		loginApps(client.wechatLoginApps(), problems);
		onlyWithCode(client, "require_pushed_authorization_requests", client.requirePushedAuthorizationRequests(),
				problems);
		if (client.backchannelLogoutUri() != null) {
			String problem = uriProblem(client.backchannelLogoutUri(), false);
			if (problem != null) {
				problems.add(new FieldProblem("backchannel_logout_uri", problem));
			}
		}
		if (code && client.isPublic() && !client.requirePkce()) {
			problems.add(new FieldProblem("require_pkce", "a public client must prove its codes with PKCE"));
		}
		scopes(client, problems);
		for (int i = 0; i < client.accessTokenAudience().size(); i++) {
			String audience = client.accessTokenAudience().get(i);
			if (audience.isEmpty() || audience.length() > MAX_URI_LENGTH
					|| !audience.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
				problems.add(new FieldProblem("access_token_audience[" + i + "]",
						"must be an identifier of an API (its URL), without spaces"));
			}
		}
		LoginPolicy policy = LoginPolicy.named(client.loginPolicy());
		if (policy == null) {
			problems.add(new FieldProblem("login_policy", "must be sign-up or login-only"));
		}
		else if (policy == LoginPolicy.LOGIN_ONLY && client.grantTypes().equals(List.of(CLIENT_CREDENTIALS))) {
			problems.add(new FieldProblem("login_policy", "client_credentials signs no person in"));
		}
		lifetime("access_token_lifetime", client.accessTokenLifetime(), 60, 86_400, problems);
		lifetime("refresh_token_lifetime", client.refreshTokenLifetime(), 60, 365 * 86_400, problems);
		return problems;
	}

	/** Each a website or official-account app of ours, none twice. */
	private void loginApps(List<String> names, List<FieldProblem> problems) {
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			Optional<AppKind> kind = this.weChatApps.apply(name);
			if (kind.isEmpty() || (kind.get() != AppKind.WEBSITE && kind.get() != AppKind.OFFICIAL_ACCOUNT)) {
				problems.add(new FieldProblem("wechat_login_apps[" + i + "]",
						"must name one of our website or official-account apps"));
			}
			else if (names.indexOf(name) != i) {
				problems.add(new FieldProblem("wechat_login_apps[" + i + "]", "names an app twice"));
			}
		}
	}

	private void grants(ClientMetadata client, List<FieldProblem> problems) {
		List<String> grants = client.grantTypes();
		if (grants.isEmpty()) {
			problems.add(new FieldProblem("grant_types", "must name at least one grant"));
		}
		if (new HashSet<>(grants).size() != grants.size()) {
			problems.add(new FieldProblem("grant_types", "names a grant twice"));
		}
		for (int i = 0; i < grants.size(); i++) {
			String grant = grants.get(i);
			if (!grant.equals(CODE) && !grant.equals(REFRESH) && !grant.equals(CLIENT_CREDENTIALS)
					&& !WECHAT_GRANTS.containsKey(grant)) {
				problems.add(new FieldProblem("grant_types[" + i + "]", "is not a grant this server offers"));
			}
		}
		List<String> weChatGrants = grants.stream().filter(WECHAT_GRANTS::containsKey).toList();
		if (grants.contains(REFRESH) && !grants.contains(CODE) && weChatGrants.isEmpty()) {
			problems.add(new FieldProblem("grant_types",
					"refresh_token comes only with authorization_code or a WeChat code grant"));
		}
		if (client.isPublic() && grants.contains(CLIENT_CREDENTIALS)) {
			problems.add(new FieldProblem("grant_types", "client_credentials needs a client secret: not for a public client"));
		}
		if (weChatGrants.size() > 1) {
			problems.add(new FieldProblem("grant_types", "one WeChat code grant per client: each is bound to one app"));
		}
		if (weChatGrants.isEmpty()) {
			if (client.wechatApp() != null) {
				problems.add(new FieldProblem("wechat_app", "only for a client with a WeChat code grant"));
			}
			return;
		}
		if (!client.isPublic()) {
			problems.add(new FieldProblem("token_endpoint_auth_method",
					"must be none: a WeChat code grant is used by an app, which cannot keep a secret"));
		}
		AppKind kind = WECHAT_GRANTS.get(weChatGrants.getFirst());
		if (client.wechatApp() == null) {
			problems.add(new FieldProblem("wechat_app", "names the WeChat app whose codes the client trades"));
		}
		else if (this.weChatApps.apply(client.wechatApp()).filter(kind::equals).isEmpty()) {
			problems.add(new FieldProblem("wechat_app", "must name one of our WeChat apps of the kind "
					+ kind.name().toLowerCase().replace('_', '-')));
		}
	}

	private static void scopes(ClientMetadata client, List<FieldProblem> problems) {
		List<String> scopes = client.scope().isEmpty() ? List.of() : List.of(client.scope().split(" ", -1));
		if (scopes.size() > 50 || scopes.stream().anyMatch((scope) -> !SCOPE_TOKEN.matcher(scope).matches())) {
			problems.add(new FieldProblem("scope",
					"must be at most 50 scopes separated by single spaces, each of visible ASCII without \" or \\"));
			return;
		}
		if (new HashSet<>(scopes).size() != scopes.size()) {
			problems.add(new FieldProblem("scope", "names a scope twice"));
		}
		boolean forItself = client.grantTypes().equals(List.of(CLIENT_CREDENTIALS)) && !client.isPublic();
		if (scopes.stream().anyMatch(ADMIN_SCOPES::contains) && client.dpopBoundAccessTokens()) {
			problems.add(new FieldProblem("dpop_bound_access_tokens", "the admin API takes Bearer tokens only"));
		}
		if (!forItself && scopes.stream().anyMatch(ADMIN_SCOPES::contains)) {
			problems.add(new FieldProblem("scope", "the admin scopes are only for a confidential client whose one grant is "
					+ "client_credentials: an admin acts as itself, never on a person's behalf"));
		}
		if (scopes.contains(OidcScopes.OPENID) && client.grantTypes().equals(List.of(CLIENT_CREDENTIALS))) {
			problems.add(new FieldProblem("scope", "openid signs a person in: not for client_credentials alone"));
		}
		if (scopes.contains(AccountApiSecurity.SCOPE) && client.grantTypes().equals(List.of(CLIENT_CREDENTIALS))) {
			problems.add(new FieldProblem("scope", "account opens a person's own account to their app: not for "
					+ "client_credentials alone"));
		}
	}

	private static void onlyWithCode(ClientMetadata client, String field, boolean given, List<FieldProblem> problems) {
		if (given && !client.grantTypes().contains(CODE)) {
			problems.add(new FieldProblem(field, "only for a client with the authorization_code grant"));
		}
	}

	private static void uris(String field, List<String> uris, boolean publicClient, List<FieldProblem> problems) {
		if (uris.size() > MAX_URIS) {
			problems.add(new FieldProblem(field, "at most " + MAX_URIS));
		}
		if (new HashSet<>(uris).size() != uris.size()) {
			problems.add(new FieldProblem(field, "names a URI twice"));
		}
		for (int i = 0; i < uris.size(); i++) {
			String problem = uriProblem(uris.get(i), publicClient);
			if (problem != null) {
				problems.add(new FieldProblem(field + "[" + i + "]", problem));
			}
		}
	}

	/** What is wrong with a URI we would send a browser or a request to, or {@code null}. */
	private static @Nullable String uriProblem(String text, boolean nativeSchemeAllowed) {
		if (text.length() > MAX_URI_LENGTH) {
			return "must be at most " + MAX_URI_LENGTH + " characters";
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			return "is not a URI";
		}
		if (!uri.isAbsolute()) {
			return "must be absolute";
		}
		if (uri.getRawFragment() != null || text.contains("#")) {
			return "must not have a fragment";
		}
		if (text.contains("*")) {
			return "is matched exactly: no wildcards";
		}
		if (uri.getRawUserInfo() != null) {
			return "must not carry a user name or password";
		}
		String scheme = uri.getScheme().toLowerCase();
		if (scheme.equals("https") && uri.getHost() != null) {
			return null;
		}
		if (scheme.equals("http") && isLoopback(uri.getHost())) {
			return null;
		}
		if (nativeSchemeAllowed && PRIVATE_USE_SCHEME.matcher(scheme).matches()) {
			return null;
		}
		return nativeSchemeAllowed
				? "must be https, http on a loopback address, or a private-use scheme (a reversed domain name)"
				: "must be https, or http on a loopback address";
	}

	private static boolean isLoopback(@Nullable String host) {
		return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
	}

	private static void lifetime(String field, long seconds, long least, long most, List<FieldProblem> problems) {
		if (seconds < least || seconds > most) {
			problems.add(new FieldProblem(field, "must be from " + least + " to " + most + " seconds"));
		}
	}

}
