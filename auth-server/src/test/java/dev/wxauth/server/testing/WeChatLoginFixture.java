package dev.wxauth.server.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.emulator.WeChatEmulator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import static dev.wxauth.server.testing.OidcTestClient.parameters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every WeChat login test of an {@link AuthServerTest} needs, as an extension on a field
 * ({@code @RegisterExtension final WeChatLoginFixture fixture = new WeChatLoginFixture();}): the issuer, clients
 * registered in one call, the database, the WeChat emulator and its calls counted from a moment on, people who sign
 * in; and the emulator's faults cleared after each test, since every test class shares the emulator.
 */
public final class WeChatLoginFixture implements BeforeEachCallback, AfterEachCallback {

	/** The dev website app (QR login on desktop browsers), as application-dev.yml names it. */
	public static final String WEBSITE = "wxd0000000000000a1";

	/** The dev official account (login inside WeChat's browser). */
	public static final String OFFICIAL_ACCOUNT = "wxd0000000000000a2";

	/** The dev mini-program. */
	public static final String MINI_PROGRAM = "wxd0000000000000a3";

	/** The dev native app. */
	public static final String MOBILE_APP = "wxd0000000000000a4";

	/** The cookie of our server session. */
	public static final String SESSION_COOKIE = "WXAUTH_SESSION";

	private final WeChatEmulator wechat = TestWeChat.emulator();

	private String issuer;

	private RegisteredClientRepository clients;

	private JdbcTemplate jdbc;

	@Override
	public void beforeEach(ExtensionContext extension) {
		ApplicationContext context = SpringExtension.getApplicationContext(extension);
		this.issuer = context.getEnvironment().getRequiredProperty("wxauth.issuer");
		this.clients = context.getBean(RegisteredClientRepository.class);
		this.jdbc = context.getBean(JdbcTemplate.class);
	}

	@Override
	public void afterEach(ExtensionContext extension) {
		this.wechat.clearFaults();
	}

	public String issuer() {
		return this.issuer;
	}

	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	public WeChatEmulator wechat() {
		return this.wechat;
	}

	/** A client that talks to this auth server. */
	public Http http() {
		return new Http(this.issuer);
	}

	/** Builds and saves a client registration. */
	public RegisteredClient register(RegisteredClient.Builder registration) {
		RegisteredClient client = registration.build();
		this.clients.save(client);
		return client;
	}

	/** Registers a web client and acts as it: with the test secret when it is confidential. */
	public OidcTestClient webClient(RegisteredClient.Builder registration) {
		RegisteredClient client = register(registration);
		return new OidcTestClient(this.issuer, client,
				(client.getClientSecret() != null) ? TestRegisteredClients.SECRET : null);
	}

	/** Registers a client and acts as a mini-program or native app trading WeChat codes with {@code grantType}. */
	public CodeGrantClient codeGrantClient(RegisteredClient.Builder registration, AuthorizationGrantType grantType) {
		return new CodeGrantClient(this.issuer, grantType.getValue(), register(registration));
	}

	/** A browser whose person approves on WeChat's pages as {@code user} (or denies, as {@code "deny"}). */
	public Browser person(String user, String userAgent) {
		return TestWeChat.person(user, userAgent);
	}

	/** Signs in through the browser and redeems the code: the token response. */
	public JsonNode signIn(OidcTestClient client, Browser browser, String scope) {
		Browser.Visit visit = browser.open(client.authorizationUrl(scope), client::isRedirectUri);
		Map<String, String> redirect = parameters(visit.last());
		assertThat(redirect).as("redirect to the client: " + visit.hops()).containsKey("code");
		assertThat(redirect.get("state")).isEqualTo(client.state);
		Http.Response tokens = client.redeem(redirect.get("code"));
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		return tokens.json();
	}

	/** The verified claims of the ID token in a token response. */
	public JWTClaimsSet idToken(JsonNode tokens) {
		return Jwts.verified(this.issuer, tokens.get("id_token").asString());
	}

	/** The verified claims of the access token in a token response. */
	public JWTClaimsSet accessToken(JsonNode tokens) {
		return Jwts.verified(this.issuer, tokens.get("access_token").asString());
	}

	/** Whether {@code uri} is one of WeChat's (the emulator's) authorize or QR pages. */
	public boolean isWeChatPage(URI uri) {
		return uri.toString().startsWith(this.wechat.baseUrl() + "/connect/");
	}

	/** Whether {@code uri} is our callback, where WeChat sends the browser back with its code. */
	public boolean isOurCallback(URI uri) {
		return uri.toString().startsWith(this.issuer + "/login/oauth2/code/");
	}

	/** Our user id ({@code users.id}) behind {@code user}'s identity at {@code appid}. */
	public String userId(String appid, String user) {
		return this.jdbc.queryForObject("SELECT user_id::text FROM wechat_identities WHERE appid = ? AND openid = ?",
				String.class, appid, this.wechat.openid(appid, user));
	}

	public int rows(String table) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
	}

	/** As if every profile were older than the maximum age: the next login of anyone reads theirs from WeChat. */
	public void ageAllProfiles() {
		this.jdbc.update("UPDATE users SET profile_read_at = NULL");
	}

	/**
	 * What WeChat's legacy {@code getPhoneNumber} hands a mini-program, as the JSON body it posts to us:
	 * {@code encryptedData} and {@code iv}, AES-128-CBC under the person's session key.
	 */
	public static String encryptedPhoneNumber(String sessionKey, String appid, Instant timestamp, String number)
			throws GeneralSecurityException {
		String payload = "{\"phoneNumber\":\"" + number + "\",\"purePhoneNumber\":\"" + number
				+ "\",\"countryCode\":\"86\",\"watermark\":{\"timestamp\":" + timestamp.getEpochSecond()
				+ ",\"appid\":\"" + appid + "\"}}";
		byte[] iv = new byte[16];
		new SecureRandom().nextBytes(iv);
		Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(sessionKey), "AES"),
				new IvParameterSpec(iv));
		byte[] data = cipher.doFinal(payload.getBytes(StandardCharsets.UTF_8));
		return "{\"encryptedData\":\"" + Base64.getEncoder().encodeToString(data) + "\",\"iv\":\""
				+ Base64.getEncoder().encodeToString(iv) + "\"}";
	}

	/** Counts the calls WeChat receives at {@code path} (e.g. {@code /sns/userinfo}) from now on. */
	public Calls callsTo(String path) {
		return new Calls(path, this.wechat.calls(path));
	}

	/** The calls to one path of WeChat's since a moment: those made before, by any test class, do not count. */
	public final class Calls {

		private final String path;

		private final int before;

		private Calls(String path, int before) {
			this.path = path;
			this.before = before;
		}

		public int count() {
			return WeChatLoginFixture.this.wechat.calls(this.path) - this.before;
		}

	}

}
