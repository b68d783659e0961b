package dev.wxauth.server.logging;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import dev.wxauth.emulator.Fault;
import dev.wxauth.emulator.PushRequest;
import dev.wxauth.server.crypto.AtRestEncryptor;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.Jwts;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.wechat.WeChatProperties;
import dev.wxauth.server.wechat.miniprogram.SessionKeyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.util.UriComponentsBuilder;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.bearer;
import static dev.wxauth.server.testing.Http.form;
import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static dev.wxauth.server.testing.WeChatLoginFixture.MOBILE_APP;
import static dev.wxauth.server.testing.WeChatLoginFixture.SESSION_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every flow, its failures too, with wxauth's packages and Spring Security (the framework that logs requests) at
 * DEBUG from the server's start, and then everything written to the console scanned for each credential the flows
 * used or got: secrets, tokens, codes, session keys, full phone numbers, the AppSecrets and the master key.
 * <p>
 * The logging levels are this context's own properties, so the context is this class's own (a start more in the
 * suite), started while the output is captured: its startup is scanned too. It is closed after the class, and the
 * levels are put back, since Logback's levels outlive a context and the next class may reuse a cached one.
 */
@ExtendWith(OutputCaptureExtension.class)
@AuthServerTest
@TestPropertySource(properties = { "logging.level.dev.wxauth.server=DEBUG",
		"logging.level.org.springframework.security=DEBUG" })
@DirtiesContext
class SecretsNeverLoggedTests {

	static final List<String> DEBUG_LOGGERS = List.of("dev.wxauth.server", "org.springframework.security");

	/** A mini-program the emulator knows and the dev configuration does not, to be added through the admin API. */
	static final String SHOP_APPID = "wxd0000000000000c3";

	static final String SHOP_SECRET = "secret-mini-c3";

	/**
	 * Spring Security names the session it has just invalidated at sign-out: an id that no longer opens anything
	 * (Spring Session deletes the session), so not a credential by then.
	 */
	static final Pattern INVALIDATED_SESSION = Pattern
		.compile("SecurityContextLogoutHandler\\s+: Invalidated session \\S+$");

	static final int SHOWN_LINES = 20;

	static final int SHOWN_LINE_LENGTH = 400;

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Autowired
	Environment environment;

	@Autowired
	WeChatProperties weChat;

	@Autowired
	SessionKeyStore sessionKeys;

	@Autowired
	AtRestEncryptor encryptor;

	@Autowired
	RegisteredClientRepository clients;

	/** Each credential the flows used or got, with what it is. */
	final Map<String, String> credentials = new LinkedHashMap<>();

	Http http;

	@AfterAll
	static void levelsAsConfiguredElsewhere(@Autowired LoggingSystem logging) {
		DEBUG_LOGGERS.forEach((logger) -> logging.setLogLevel(logger, null));
	}

	@Test
	void noCredentialInAnyLogLineOfAnyFlow(CapturedOutput output) throws Exception {
		this.http = this.fixture.http();
		configuredSecrets();
		String webUser = webLoginsAndTheirTokens();
		miniProgramLoginsAndPhoneNumbers();
		mobileAppLogin();
		clientCredentials();
		adminApi();
		dynamicClientRegistration();
		failures();
		weChatAppAccessTokens();
		weChatPushes();

		String log = output.getAll();
		assertThat(log).as("Spring Security's DEBUG lines of the startup are captured").contains("Will secure ");
		assertThat(log).as("wxauth's DEBUG lines are captured")
			.contains("Created user " + webUser + " for a first login with ");
		Map<String, Set<String>> leaks = linesCarryingCredentials(log);
		if (!leaks.isEmpty()) {
			fail(report(leaks));
		}
	}

	// ---- the flows ----

	/** The AppSecrets and the master key this server was started with, and the dev clients' published secrets. */
	void configuredSecrets() {
		this.weChat.apps().forEach((name, app) -> {
			remember("AppSecret of " + name, app.secret());
			remember("push token of " + name, app.pushToken());
			remember("EncodingAESKey of " + name, app.encodingAesKey());
		});
		String masterKey = this.environment.getRequiredProperty("wxauth.master-key");
		remember("master key", masterKey);
		remember("master key, decoded", new String(Base64.getDecoder().decode(masterKey), StandardCharsets.ISO_8859_1));
		remember("dev client secret", "demo-service-secret");
		remember("dev client secret", "demo-web-secret");
		remember("dev client secret", "wxauth-admin-secret");
	}

	/**
	 * A website QR login with a profile read and an official-account login inside WeChat, then the first one's
	 * tokens refreshed, used at userinfo, introspected, revoked, and the person signed out from the client: our user
	 * id of the first login.
	 */
	String webLoginsAndTheirTokens() {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		clientSecret("web client", client.clientId(), TestRegisteredClients.SECRET);
		Browser desktop = this.fixture.person("alice", Browser.DESKTOP);
		JsonNode tokens = webLogin(client, desktop, "openid profile wechat api.read");
		webLogin(this.fixture.webClient(TestRegisteredClients.webClient()), this.fixture.person("bob", Browser.WECHAT),
				"openid profile wechat");

		Http.Response refreshed = client.refresh(tokens.get("refresh_token").asString());
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		JsonNode newTokens = tokens("refreshed", refreshed.json());
		Http.Response userinfo = this.http.get("/userinfo", bearer(newTokens.get("access_token").asString()));
		assertThat(userinfo.status()).as(userinfo.toString()).isEqualTo(200);
		Http.Response introspected = client.introspect(newTokens.get("access_token").asString());
		assertThat(introspected.json().get("active").asBoolean()).as(introspected.toString()).isTrue();
		assertThat(client.revoke(newTokens.get("refresh_token").asString()).status()).isEqualTo(200);
		assertThat(client.introspect(newTokens.get("refresh_token").asString()).json().get("active").asBoolean())
			.isFalse();
		String logout = UriComponentsBuilder.fromUriString(this.fixture.issuer() + "/connect/logout")
			.queryParam("id_token_hint", tokens.get("id_token").asString())
			.queryParam("post_logout_redirect_uri", "https://client.example/signed-out")
			.toUriString();
		Browser.Visit signedOut = desktop.open(logout, (uri) -> uri.getHost().equals("client.example"));
		assertThat(signedOut.last().getPath()).as(signedOut.hops().toString()).isEqualTo("/signed-out");
		return Jwts.verified(this.fixture.issuer(), tokens.get("access_token").asString()).getSubject();
	}

	/** Signs in through WeChat's pages and redeems the code, remembering WeChat's code, ours and the tokens. */
	JsonNode webLogin(OidcTestClient client, Browser browser, String scope) {
		remember("PKCE code verifier", client.codeVerifier);
		Browser.Visit visit = browser.open(client.authorizationUrl(scope), client::isRedirectUri);
		URI callback = visit.hops().stream().filter(this.fixture::isOurCallback).findFirst().orElseThrow();
		remember("WeChat's code at our callback", parameters(callback).get("code"));
		String code = parameters(visit.last()).get("code");
		remember("authorization code", code);
		browser.cookie(SESSION_COOKIE).ifPresent((session) -> sessionCookie(session));
		Http.Response redeemed = client.redeem(code);
		assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(200);
		return tokens("web login", redeemed.json());
	}

	/**
	 * Mini-program logins: one binding its phone number by code, one by the legacy encrypted payload under its
	 * session key, one proving it at login with {@code phone_code}; and a refresh.
	 */
	void miniProgramLoginsAndPhoneNumbers() throws Exception {
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);

		String byCode = newPerson();
		JsonNode tokens = miniProgramLogin(miniProgram, byCode, "openid phone api.read");
		String phoneCode = this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, byCode);
		remember("phone code", phoneCode);
		Http.Response bound = bindPhoneNumber(tokens, "{\"code\":\"" + phoneCode + "\"}");
		phoneNumber(bound.json().get("phone_number").asString());
		Http.Response refreshed = miniProgram.refresh(tokens.get("refresh_token").asString());
		assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
		tokens("mini-program refresh", refreshed.json());

		String byEncryptedData = newPerson();
		JsonNode legacyTokens = miniProgramLogin(miniProgram, byEncryptedData, "openid phone");
		String legacyNumber = phoneNumberOf(byEncryptedData).substring("+86".length());
		Http.Response legacyBound = bindPhoneNumber(legacyTokens, WeChatLoginFixture.encryptedPhoneNumber(
				sessionKey(byEncryptedData), MINI_PROGRAM, Instant.now(), legacyNumber));
		phoneNumber(legacyBound.json().get("phone_number").asString());

		String atLogin = newPerson();
		String jsCode = this.fixture.wechat().mintJsCode(MINI_PROGRAM, atLogin);
		String loginPhoneCode = this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, atLogin);
		remember("js code", jsCode);
		remember("phone code at login", loginPhoneCode);
		Http.Response provingPhone = miniProgram.post(form("grant_type", WeChatGrantTypes.MINI_PROGRAM.getValue(),
				"client_id", miniProgram.clientId(), "code", jsCode, "scope", "openid phone", "phone_code",
				loginPhoneCode));
		assertThat(provingPhone.status()).as(provingPhone.toString()).isEqualTo(200);
		tokens("mini-program login with phone_code", provingPhone.json());
		phoneNumber(phoneNumberOf(atLogin));
		sessionKey(atLogin);
	}

	JsonNode miniProgramLogin(CodeGrantClient client, String person, String scope) {
		String jsCode = this.fixture.wechat().mintJsCode(MINI_PROGRAM, person);
		remember("js code", jsCode);
		Http.Response response = client.login(jsCode, scope);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		sessionKey(person);
		return tokens("mini-program login", response.json());
	}

	Http.Response bindPhoneNumber(JsonNode tokens, String body) {
		Http.Response bound = this.http.postJson("/wechat/mini-program/phone-number", body,
				bearer(tokens.get("access_token").asString()));
		assertThat(bound.status()).as(bound.toString()).isEqualTo(200);
		return bound;
	}

	/** The person's session key, as WeChat gave it to us: read back from its store, decrypted. */
	String sessionKey(String person) {
		String sessionKey = this.sessionKeys
			.find(MINI_PROGRAM, this.fixture.wechat().openid(MINI_PROGRAM, person))
			.orElseThrow();
		remember("session key", sessionKey);
		return sessionKey;
	}

	void mobileAppLogin() {
		CodeGrantClient app = this.fixture.codeGrantClient(TestRegisteredClients.mobileAppClient(),
				WeChatGrantTypes.MOBILE_APP);
		String appCode = this.fixture.wechat().mintAppCode(MOBILE_APP, newPerson());
		remember("app code", appCode);
		Http.Response response = app.login(appCode);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		tokens("app login", response.json());
	}

	void clientCredentials() {
		clientSecret("dev client secret", "demo-service", "demo-service-secret");
		serviceToken("demo-service", "demo-service-secret");
	}

	/**
	 * As an operator: a client created (its secret shown once) and its secret rotated, each secret used; a WeChat app
	 * added with its AppSecret, and a login through it.
	 */
	void adminApi() {
		String admin = serviceToken("wxauth-admin", "wxauth-admin-secret", "wxauth.admin");
		String clientId = "billing-" + ThreadLocalRandom.current().nextInt(1_000_000);
		Http.Response created = this.http.postJson("/admin/v1/clients", """
				{"client_id": "%s", "client_name": "Billing", "grant_types": ["client_credentials"], "scope": "api.read"}"""
			.formatted(clientId), bearer(admin));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		clientSecret("created client's secret", clientId, created.json().get("client_secret").asString());
		serviceToken(clientId, created.json().get("client_secret").asString());
		Http.Response rotated = this.http.send("POST", "/admin/v1/clients/" + clientId + "/secret", null, null,
				bearer(admin));
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		clientSecret("rotated client secret", clientId, rotated.json().get("client_secret").asString());
		serviceToken(clientId, rotated.json().get("client_secret").asString());

		remember("AppSecret added through the admin API", SHOP_SECRET);
		Http.Response app = this.http.postJson("/admin/v1/wechat-apps", """
				{"name": "t-shop", "kind": "mini-program", "appid": "%s", "secret": "%s"}"""
			.formatted(SHOP_APPID, SHOP_SECRET), bearer(admin));
		assertThat(app.status()).as(app.toString()).isEqualTo(201);
		Http.Response shopClient = this.http.postJson("/admin/v1/clients", """
				{"token_endpoint_auth_method": "none", "wechat_app": "t-shop",
				 "grant_types": ["urn:wxauth:params:oauth:grant-type:wechat-mini-program"], "scope": "openid"}""",
				bearer(admin));
		assertThat(shopClient.status()).as(shopClient.toString()).isEqualTo(201);
		CodeGrantClient shop = new CodeGrantClient(this.fixture.issuer(), WeChatGrantTypes.MINI_PROGRAM.getValue(),
				this.clients.findByClientId(shopClient.json().get("client_id").asString()));
		Http.Response login = Http.eventually(() -> {
			String jsCode = this.fixture.wechat().mintJsCode(SHOP_APPID, newPerson());
			remember("js code", jsCode);
			return shop.login(jsCode);
		}, 200, Duration.ofSeconds(5));
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		tokens("login through the added app", login.json());
	}

	/** An initial access token from the admin API, a registration with it, the registration read back. */
	void dynamicClientRegistration() {
		String admin = serviceToken("wxauth-admin", "wxauth-admin-secret", "wxauth.admin");
		Http.Response issued = this.http.postJson("/admin/v1/initial-access-tokens", "{\"uses\": 1}", bearer(admin));
		assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
		String initialAccessToken = issued.json().get("initial_access_token").asString();
		remember("initial access token", initialAccessToken);
		Http.Response registered = this.http.postJson("/connect/register", """
				{"client_name": "Partner shop", "redirect_uris": ["https://partner.example/callback"],
				 "grant_types": ["authorization_code", "refresh_token"], "scope": "openid profile"}""",
				bearer(initialAccessToken));
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		JsonNode client = registered.json();
		clientSecret("registered client's secret", client.get("client_id").asString(),
				client.get("client_secret").asString());
		String registrationAccessToken = client.get("registration_access_token").asString();
		remember("registration access token", registrationAccessToken);
		String uri = client.get("registration_client_uri").asString();
		Http.Response read = this.http.get(uri.substring(this.fixture.issuer().length()),
				bearer(registrationAccessToken));
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
	}

	/** A code redeemed twice, a wrong client secret, WeChat busy, a callback whose state was tampered with. */
	void failures() {
		OidcTestClient replaying = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser.Visit visit = this.fixture.person("bob", Browser.DESKTOP)
			.open(replaying.authorizationUrl("openid"), replaying::isRedirectUri);
		String code = parameters(visit.last()).get("code");
		remember("authorization code redeemed twice", code);
		tokens("code later replayed", replaying.redeem(code).json());
		assertError(replaying.redeem(code), 400, "invalid_grant");

		String wrongSecret = "wrong-secret-" + ThreadLocalRandom.current().nextLong(1L << 40);
		clientSecret("wrong client secret", "demo-service", wrongSecret);
		assertError(this.http.postForm("/oauth2/token", form("grant_type", "client_credentials"),
				basic("demo-service", wrongSecret)), 401, "invalid_client");

		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		String jsCode = this.fixture.wechat().mintJsCode(MINI_PROGRAM, newPerson());
		remember("js code WeChat was too busy for", jsCode);
		this.fixture.wechat().injectFault("/sns/jscode2session", Fault.BUSY, 2); // 2: a busy reply is retried once
		assertError(miniProgram.login(jsCode), 503, "temporarily_unavailable");

		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		Browser browser = this.fixture.person("alice", Browser.DESKTOP);
		URI callback = browser.open(client.authorizationUrl("openid"), this.fixture::isOurCallback).last();
		remember("WeChat's code at a tampered callback", parameters(callback).get("code"));
		Browser.Visit tampered = browser.open(
				UriComponentsBuilder.fromUri(callback).replaceQueryParam("state", "forged").toUriString(),
				client::isRedirectUri);
		assertThat(parameters(tampered.last())).as(tampered.hops().toString()).doesNotContainKey("code");
	}

	/** The access tokens WeChat gave our apps (for the phone-number calls), read back from their store. */
	void weChatAppAccessTokens() {
		this.fixture.jdbc()
			.query("SELECT appid, token_encrypted FROM wechat_app_access_tokens WHERE token_encrypted IS NOT NULL",
					(row) -> {
						String appid = row.getString("appid");
						remember("WeChat access token of " + appid,
								new String(this.encryptor.decrypt(row.getBytes("token_encrypted"),
										"wechat_app_access_tokens:" + appid), StandardCharsets.UTF_8));
					});
		assertThat(this.credentials).containsValue("WeChat access token of " + MINI_PROGRAM);
	}

	// ---- what the flows used or got ----

	String serviceToken(String clientId, String secret, String... scope) {
		Map<String, String> form = form("grant_type", "client_credentials");
		if (scope.length > 0) {
			form.put("scope", scope[0]);
		}
		Http.Response response = this.http.postForm("/oauth2/token", form, basic(clientId, secret));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return tokens("client credentials", response.json()).get("access_token").asString();
	}

	JsonNode tokens(String flow, JsonNode response) {
		for (String token : List.of("access_token", "refresh_token", "id_token")) {
			if (response.has(token)) {
				remember(token + " (" + flow + ")", response.get(token).asString());
			}
		}
		return response;
	}

	/**
	 * WeChat's pushes about a person, in safe mode and refused: the person withdraws from the mini-program, then
	 * cancels their account; a forged one. What names them (openid, unionid) is as secret here as a credential.
	 */
	void weChatPushes() {
		String person = newPerson();
		CodeGrantClient miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		assertThat(miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, person)).status()).isEqualTo(200);
		remember("openid of a pushed person", this.fixture.wechat().openid(MINI_PROGRAM, person));
		remember("unionid of a pushed person", this.fixture.wechat().unionid(MINI_PROGRAM, person));
		this.weChat.apps().forEach((name, app) -> this.fixture.wechat().configurePush(app.appid(),
				this.fixture.issuer() + "/wechat/events/" + name, app.pushToken(), app.encodingAesKey()));
		try {
			assertThat(this.fixture.wechat().verifyPushUrl(MINI_PROGRAM).status()).isEqualTo(200);
			assertThat(this.fixture.wechat()
				.push(PushRequest.of(MINI_PROGRAM, "user_authorization_revoke", person).forging("msg_signature"))
				.status()).isEqualTo(403);
			assertThat(this.fixture.wechat().push(PushRequest.of(MINI_PROGRAM, "user_info_modified", person).format("json"))
				.taken()).isTrue();
			assertThat(this.fixture.wechat().push(PushRequest.of(MINI_PROGRAM, "user_authorization_revoke", person))
				.taken()).isTrue();
			assertThat(this.fixture.wechat().push(PushRequest.of(MOBILE_APP, "user_authorization_cancellation", person))
				.taken()).isTrue();
		}
		finally {
			this.weChat.apps().forEach((name, app) -> this.fixture.wechat().configurePush(app.appid(),
					"http://localhost:9000/wechat/events/" + name, app.pushToken(), app.encodingAesKey()));
		}
	}

	/** A client secret, and the {@code Authorization} header that carries it. */
	void clientSecret(String what, String clientId, String secret) {
		remember(what, secret);
		remember(what + ", as a Basic header", basic(clientId, secret)[1].substring("Basic ".length()));
	}

	/** The session cookie, and the session id it encodes (Spring Session's cookie is the id in base64). */
	void sessionCookie(String cookie) {
		remember("session cookie", cookie);
		remember("session id", new String(Base64.getDecoder().decode(cookie), StandardCharsets.ISO_8859_1));
	}

	/** A full phone number, in E.164 and national form: a masked one ({@code 199****5678}) may be logged. */
	void phoneNumber(String e164) {
		assertThat(e164).startsWith("+86");
		remember("phone number", e164);
		remember("phone number, national", e164.substring("+86".length()));
	}

	void remember(String what, String value) {
		assertThat(value).as(what).isNotBlank();
		this.credentials.put(value, what);
	}

	/** Someone new: the emulator makes up {@code load-<n>}, with {@link #phoneNumberOf its phone number}. */
	static String newPerson() {
		return "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_000_000);
	}

	static String phoneNumberOf(String loadPerson) {
		return "+86199%08d".formatted(Long.parseLong(loadPerson.substring("load-".length())));
	}

	// ---- the scan ----

	/** Each line of the log that carries a credential, with what it carries. */
	Map<String, Set<String>> linesCarryingCredentials(String log) {
		Map<String, Set<String>> found = new LinkedHashMap<>();
		log.lines()
			.filter((line) -> !INVALIDATED_SESSION.matcher(line).find())
			.forEach((line) -> this.credentials.forEach((value, what) -> {
				if (line.contains(value)) {
					found.computeIfAbsent(line, (key) -> new LinkedHashSet<>()).add(what);
				}
			}));
		return found;
	}

	static String report(Map<String, Set<String>> lines) {
		List<String> shown = new ArrayList<>();
		lines.entrySet().stream().limit(SHOWN_LINES).forEach((line) -> shown.add(line.getValue() + " in: "
				+ ((line.getKey().length() > SHOWN_LINE_LENGTH)
						? line.getKey().substring(0, SHOWN_LINE_LENGTH) + " [...]" : line.getKey())));
		return lines.size() + " log lines carry credentials" + ((lines.size() > SHOWN_LINES)
				? " (the first " + SHOWN_LINES + " shown)" : "") + ":\n  " + String.join("\n  ", shown);
	}

}
