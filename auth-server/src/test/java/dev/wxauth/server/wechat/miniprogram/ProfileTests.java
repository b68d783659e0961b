package dev.wxauth.server.wechat.miniprogram;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.imageio.ImageIO;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.RawHttp;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.bearer;
import static dev.wxauth.server.testing.Http.form;
import static dev.wxauth.server.testing.OAuthErrors.assertError;
import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile a mini-program's person chooses ({@code POST /wechat/mini-program/profile}), over HTTP as
 * {@code wx.uploadFile} sends it, and the avatar it publishes ({@code GET /avatars/{id}}): who may, what is refused
 * (by content, not by name), where the name and picture show up, and how long an avatar lives.
 */
@AuthServerTest
class ProfileTests {

	static final String PATH = "/wechat/mini-program/profile";

	static final String BOUNDARY = "----WeChatFormBoundary7MA4YWxkTrZu0gW";

	/**
	 * A lossless WebP of 32 x 32 pixels in one colour, written by hand: {@code RIFF}, its length, {@code WEBP}, a
	 * {@code VP8L} chunk of nine bytes (the signature byte, width - 1 and height - 1 in 14 bits each, no alpha, version
	 * 0, no transform, no colour cache, and five single-symbol prefix codes: every pixel takes no bits), a padding byte.
	 */
	static final byte[] WEBP = HexFormat.of().parseHex("5249464616000000574542505650384c090000002f1fc007008888fe0700");

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	CodeGrantClient miniProgram;

	Http http;

	@BeforeEach
	void setUp() {
		this.miniProgram = this.fixture.codeGrantClient(TestRegisteredClients.miniProgramClient(),
				WeChatGrantTypes.MINI_PROGRAM);
		this.http = this.fixture.http();
	}

	/** Someone the emulator makes up on the spot, never seen before. */
	static String newPerson() {
		return "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
	}

	JsonNode login(String person, String scope) {
		Http.Response response = this.miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, person), scope);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	String accessToken(String person) {
		return login(person, "openid profile").get("access_token").asString();
	}

	Http.Response upload(String accessToken, Part... parts) {
		return this.http.send("POST", PATH, "multipart/form-data; boundary=" + BOUNDARY, multipart(parts),
				bearer(accessToken));
	}

	/** The body {@code wx.uploadFile} sends: each part with its Content-Disposition, a file with its type. */
	static byte[] multipart(Part... parts) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Part part : parts) {
			StringBuilder head = new StringBuilder("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
					+ part.name() + "\"");
			if (part.filename() != null) {
				head.append("; filename=\"").append(part.filename()).append("\"\r\nContent-Type: ").append(part.type());
			}
			body.writeBytes(head.append("\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8));
			body.writeBytes(part.content());
			body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		return body.toByteArray();
	}

	record Part(String name, String filename, String type, byte[] content) {
	}

	static Part nickname(String nickname) {
		return new Part("nickname", null, null, nickname.getBytes(StandardCharsets.UTF_8));
	}

	static Part avatar(String filename, String type, byte[] content) {
		return new Part("avatar", filename, type, content);
	}

	static byte[] image(String format, int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int x = 0; x < width; x++) {
			for (int y = 0; y < height; y++) {
				image.setRGB(x, y, new Color(x % 256, y % 256, 128).getRGB());
			}
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			assertThat(ImageIO.write(image, format, bytes)).as("a writer for " + format).isTrue();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static byte[] png(int width, int height) {
		return image("png", width, height);
	}

	/** The path of one of our avatar URLs, checked to be ours. */
	String path(String picture) {
		assertThat(picture).startsWith(this.fixture.issuer() + "/avatars/");
		return picture.substring(this.fixture.issuer().length());
	}

	String userId(String person) {
		return this.fixture.userId(MINI_PROGRAM, person);
	}

	String pictureOf(String person) {
		return this.fixture.jdbc()
			.queryForObject("SELECT avatar_url FROM users WHERE id = ?::uuid", String.class, userId(person));
	}

	int avatarsOf(String person) {
		return this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM avatars WHERE user_id = ?::uuid", Integer.class, userId(person));
	}

	static void assertFieldRefused(Http.Response response, int status, String field) {
		assertError(response, status, "invalid_request");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

	// ---- guards ----

	@Test
	void chooseWhenNoBearerTokenThenUnauthorizedAsProblemJson() {
		Http.Response response = this.http.send("POST", PATH, "multipart/form-data; boundary=" + BOUNDARY,
				multipart(nickname("Alice")));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(401);
	}

	@Test
	void chooseWhenTokenIsNotOursThenInvalidTokenAsProblemJson() {
		Http.Response response = upload("not.a.token", nickname("Alice"));

		assertError(response, 401, "invalid_token");
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void chooseWhenTokenWithoutProfileScopeThenInsufficientScope() {
		String accessToken = login(newPerson(), "openid phone").get("access_token").asString();

		Http.Response response = upload(accessToken, nickname("Alice"));

		assertError(response, 403, "insufficient_scope");
		assertThat(response.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"", "scope=\"profile\"");
	}

	@Test
	void chooseWhenTokenIsNotFromAMiniProgramLoginThenForbidden() {
		String serviceToken = this.http
			.postForm("/oauth2/token", form("grant_type", "client_credentials"), basic("demo-service", "demo-service-secret"))
			.json()
			.get("access_token")
			.asString();

		assertError(upload(serviceToken, nickname("Alice")), 403, "insufficient_scope");
	}

	@Test
	void chooseWhenTokenRevokedThenInvalidToken() {
		String accessToken = accessToken(newPerson());
		this.http.postForm("/oauth2/revoke", form("client_id", this.miniProgram.clientId(), "token", accessToken));

		Http.Response response = upload(accessToken, nickname("Alice"));

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
	}

	@Test
	void chooseWhenThePersonWasDeletedOrDisabledSinceTheTokenWasCheckedThenInvalidToken() {
		// what a deletion or a disabling committing between the token's check and the write leaves: the person
		// changed, their authorization still found
		String deleted = newPerson();
		String deletedsToken = accessToken(deleted);
		this.fixture.jdbc().update("DELETE FROM users WHERE id = ?::uuid", userId(deleted));
		String disabled = newPerson();
		String disabledsToken = accessToken(disabled);
		this.fixture.jdbc().update("UPDATE users SET disabled_at = now() WHERE id = ?::uuid", userId(disabled));

		for (String accessToken : List.of(deletedsToken, disabledsToken)) {
			Http.Response response = upload(accessToken, nickname("Alice"));

			assertError(response, 401, "invalid_token");
			assertThat(response.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		}
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT nickname FROM users WHERE id = ?::uuid", String.class, userId(disabled)))
			.as("nothing written").isNull();
	}

	// ---- refusals ----

	@Test
	void chooseWhenBodyIsNotMultipartThenUnsupportedMediaType() {
		String accessToken = accessToken(newPerson());

		Http.Response json = this.http.postJson(PATH, "{\"nickname\":\"Alice\"}", bearer(accessToken));
		Http.Response form = this.http.postForm(PATH, form("nickname", "Alice"), bearer(accessToken));
		Http.Response none = this.http.send("POST", PATH, null, null, bearer(accessToken));

		for (Http.Response response : List.of(json, form, none)) {
			assertError(response, 415, "invalid_request");
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		}
	}

	@Test
	void chooseWhenTextFileNamedPngThenAvatarRefusedAndNothingStored() {
		String person = newPerson();
		String accessToken = accessToken(person);
		byte[] text = "<html><script>alert(1)</script></html>\n".repeat(40).getBytes(StandardCharsets.UTF_8);

		Http.Response response = upload(accessToken, nickname("Alice"), avatar("avatar.png", "image/png", text));

		assertFieldRefused(response, 400, "avatar");
		assertThat(avatarsOf(person)).isZero();
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT nickname FROM users WHERE id = ?::uuid", String.class, userId(person)))
			.as("nothing of a refused request is kept").isNull();
	}

	@Test
	void chooseWhenAvatarLargerThanOneMegabyteThenTooLarge() {
		String person = newPerson();
		byte[] png = png(64, 64);
		// a real PNG header, then more than the bound: chunks after IEND would be ignored by a decoder, not by us
		byte[] oversized = Arrays.copyOf(png, 1024 * 1024 + 1);

		Http.Response response = upload(accessToken(person), avatar("big.png", "image/png", oversized));

		assertFieldRefused(response, 413, "avatar");
		assertThat(avatarsOf(person)).isZero();
	}

	@Test
	void chooseWhenBodyAnnouncesMoreThanTakenThenTooLargeBeforeItIsSent() throws Exception {
		String accessToken = accessToken(newPerson());
		byte[] body = multipart(avatar("huge.png", "image/png", new byte[3 * 1024 * 1024]));
		HttpResponse<String> response = postExpectingContinue(accessToken, body);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
		assertThat(response.body()).contains("\"field\":\"avatar\"");
	}

	@Test
	void chooseWhenTheBodyComesTooSlowlyThenRequestTimeoutAfterTheDeadline() {
		String person = newPerson();
		byte[] body = multipart(nickname("Alice"), avatar("a.png", "image/png", png(64, 64)));
		byte[] head = ("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + accessToken(person)
				+ "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: " + body.length
				+ "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		long start = System.nanoTime();

		// a byte every half second: every read gets something, the whole body would take minutes
		RawHttp.Response response = new RawHttp(this.fixture.issuer()).trickle(head, body, 1, Duration.ofMillis(500),
				Duration.ofSeconds(30));

		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.status()).as(response.toString()).isEqualTo(408);
		assertThat(response.text()).contains("application/problem+json").contains("\"error\":\"invalid_request\"");
		assertThat(took).isBetween(ProfileController.BODY_DEADLINE, ProfileController.BODY_DEADLINE.plusSeconds(5));
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT nickname FROM users WHERE id = ?::uuid", String.class, userId(person)))
			.as("nothing written").isNull();
	}

	@Test
	void chooseWhenTheClientWaitsForContinueThenTheBodyIsTaken() throws Exception {
		byte[] body = multipart(nickname("Alice"));
		HttpResponse<String> response = postExpectingContinue(accessToken(newPerson()), body);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"name\":\"Alice\"");
	}

	/** Posts the multipart body as a client that waits for {@code 100 Continue} before it sends the body. */
	HttpResponse<String> postExpectingContinue(String accessToken, byte[] body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.fixture.issuer() + PATH))
			.timeout(Duration.ofSeconds(30))
			.expectContinue(true)
			.header("Authorization", "Bearer " + accessToken)
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void chooseWhenDimensionsOutOfBoundsThenAvatarRefused() {
		String person = newPerson();
		String accessToken = accessToken(person);

		assertFieldRefused(upload(accessToken, avatar("wide.png", "image/png", png(2049, 16))), 400, "avatar");
		assertFieldRefused(upload(accessToken, avatar("tiny.png", "image/png", png(15, 64))), 400, "avatar");
		assertFieldRefused(upload(accessToken, avatar("tall.jpg", "image/jpeg", image("jpeg", 16, 4000))), 400,
				"avatar");
		assertThat(avatarsOf(person)).isZero();
	}

	@Test
	void chooseWhenNicknameHasAControlCharacterThenNicknameRefused() {
		String person = newPerson();
		String accessToken = accessToken(person);

		assertFieldRefused(upload(accessToken, nickname("Ali\u0007ce")), 400, "nickname");
		assertFieldRefused(upload(accessToken, nickname("Ali\nce")), 400, "nickname");
		assertFieldRefused(upload(accessToken, nickname("Ali\u0000ce")), 400, "nickname");
		assertFieldRefused(upload(accessToken, nickname("evil\u202Egnp.exe")), 400, "nickname");
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT nickname FROM users WHERE id = ?::uuid", String.class, userId(person))).isNull();
	}

	@Test
	void chooseWhenNicknameEmptyTooLongOrNotUtf8ThenNicknameRefused() {
		String accessToken = accessToken(newPerson());

		assertFieldRefused(upload(accessToken, nickname("  \u3000 ")), 400, "nickname");
		assertFieldRefused(upload(accessToken, nickname("\uD83D\uDE00".repeat(65))), 400, "nickname");
		assertFieldRefused(upload(accessToken, new Part("nickname", null, null, new byte[] { (byte) 0xC3, 0x28 })),
				400, "nickname");
	}

	@Test
	void chooseWhenNeitherNicknameNorAvatarThenBothNamed() {
		Http.Response response = upload(accessToken(newPerson()), new Part("nickName", null, null, new byte[] { 'A' }));

		assertFieldRefused(response, 400, "nickname");
		assertThat(response.json().get("errors").get(1).get("field").asString()).isEqualTo("avatar");
	}

	@Test
	void chooseWhenBodyIsNotWellFormedMultipartThenBadRequest() {
		String accessToken = accessToken(newPerson());

		for (String body : List.of("", "garbage", "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"nickname\""
				+ "\r\n\r\nAlice", "--" + BOUNDARY + "\r\n\r\nAlice\r\n--" + BOUNDARY + "--")) {
			Http.Response response = this.http.send("POST", PATH, "multipart/form-data; boundary=" + BOUNDARY,
					body.getBytes(StandardCharsets.UTF_8), bearer(accessToken));
			assertError(response, 400, "invalid_request");
		}
	}

	// ---- the profile chosen ----

	@Test
	void chooseWhenPngAndNicknameThenBothStoredAndTheAvatarPublished() throws Exception {
		String person = newPerson();
		byte[] png = png(132, 132);

		Http.Response response = upload(accessToken(person), nickname("  Alice  "),
				avatar("tmp_abc.png", "image/png", png));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("name").asString()).isEqualTo("Alice");
		String picture = response.json().get("picture").asString();
		assertThat(picture).doesNotContain(userId(person));
		HttpResponse<byte[]> published = this.http.getBytes(path(picture));
		assertThat(published.statusCode()).isEqualTo(200);
		assertThat(published.body()).isEqualTo(png);
		assertThat(published.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(published.headers().firstValue("Cache-Control")).as("a deleted avatar must leave caches soon")
			.hasValue("public, max-age=3600");
		assertThat(published.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(published.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'");
		assertThat(published.headers().firstValue("Set-Cookie")).isEmpty();
		String etag = "\"" + Base64.getUrlEncoder().withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(png)) + "\"";
		assertThat(published.headers().firstValue("ETag")).hasValue(etag);
		HttpResponse<byte[]> revalidated = this.http.getBytes(path(picture), "If-None-Match", etag);
		assertThat(revalidated.statusCode()).isEqualTo(304);
		assertThat(revalidated.body()).isEmpty();
	}

	@Test
	void chooseWhenJpegThenPublishedAsJpeg() {
		byte[] jpeg = image("jpeg", 200, 120);

		Http.Response response = upload(accessToken(newPerson()), avatar("photo.png", "application/octet-stream", jpeg));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		HttpResponse<byte[]> published = this.http.getBytes(path(response.json().get("picture").asString()));
		assertThat(published.headers().firstValue("Content-Type")).hasValue("image/jpeg");
		assertThat(published.body()).isEqualTo(jpeg);
	}

	@Test
	void chooseWhenThePhotoCarriesItsGpsPositionThenPublishedWithout() {
		byte[] jpeg = image("jpeg", 64, 64);
		byte[] exif = "Exif\0\0GPSLatitude 31.2304 N GPSLongitude 121.4737 E".getBytes(StandardCharsets.ISO_8859_1);
		ByteArrayOutputStream photo = new ByteArrayOutputStream();
		photo.write(jpeg, 0, 2);
		photo.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xE1, 0, (byte) (exif.length + 2) });
		photo.writeBytes(exif);
		photo.write(jpeg, 2, jpeg.length - 2);

		Http.Response response = upload(accessToken(newPerson()), avatar("photo.jpg", "image/jpeg", photo.toByteArray()));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		HttpResponse<byte[]> published = this.http.getBytes(path(response.json().get("picture").asString()));
		assertThat(published.body()).as("the photo as the camera wrote it, less its EXIF segment").isEqualTo(jpeg);
	}

	@Test
	void chooseWhenWebpThenPublishedAsWebp() {
		Http.Response response = upload(accessToken(newPerson()), avatar("avatar.jpg", "image/jpeg", WEBP));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		HttpResponse<byte[]> published = this.http.getBytes(path(response.json().get("picture").asString()));
		assertThat(published.headers().firstValue("Content-Type")).hasValue("image/webp");
		assertThat(published.body()).isEqualTo(WEBP);
	}

	@Test
	void chooseWhenEmojiNicknameThenKeptWholeEachEmojiOneCharacter() {
		String person = newPerson();
		// a family (women and a girl joined by ZWJ), England's flag (tag characters), a thumb with a skin tone
		String emoji = "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \u7231\u4E3D\u4E1D \uD83C\uDFF4\uDB40\uDC67"
				+ "\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F \uD83D\uDC4D\uD83C\uDFFD";
		String sixtyFour = "\uD83D\uDE00".repeat(64);

		Http.Response response = upload(accessToken(person), nickname(emoji));
		Http.Response longest = upload(accessToken(person), nickname(sixtyFour));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().get("name").asString()).isEqualTo(emoji);
		assertThat(longest.status()).as(longest.toString()).isEqualTo(200);
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT nickname FROM users WHERE id = ?::uuid", String.class, userId(person)))
			.isEqualTo(sixtyFour);
	}

	@Test
	void chooseThenAFreshIdTokenAndUserinfoCarryTheNameAndPictureAndALaterLoginKeepsThem() {
		String person = newPerson();
		Http.Response chosen = upload(accessToken(person), nickname("\u7231\u4E3D\u4E1D Alice"),
				avatar("a.png", "image/png", png(64, 64)));
		String picture = chosen.json().get("picture").asString();
		// as if our copy of the profile were old: a mini-program login reads none, and must not blank ours
		this.fixture.ageAllProfiles();

		JsonNode tokens = login(person, "openid profile");

		JWTClaimsSet idToken = this.fixture.idToken(tokens);
		assertThat(idToken.getClaim("name")).isEqualTo("\u7231\u4E3D\u4E1D Alice");
		assertThat(idToken.getClaim("picture")).isEqualTo(picture);
		JsonNode userinfo = this.http.get("/userinfo", bearer(tokens.get("access_token").asString())).json();
		assertThat(userinfo.get("name").asString()).isEqualTo("\u7231\u4E3D\u4E1D Alice");
		assertThat(userinfo.get("picture").asString()).isEqualTo(picture);
	}

	@Test
	void chooseWhenASecondAvatarThenItReplacesTheFirstAndTheNameStays() {
		String person = newPerson();
		String accessToken = accessToken(person);
		String first = upload(accessToken, nickname("Alice"), avatar("a.png", "image/png", png(32, 32))).json()
			.get("picture")
			.asString();

		Http.Response second = upload(accessToken, avatar("b.webp", "image/webp", WEBP));

		assertThat(second.status()).as(second.toString()).isEqualTo(200);
		assertThat(second.json().get("name").asString()).isEqualTo("Alice");
		String picture = second.json().get("picture").asString();
		assertThat(picture).isNotEqualTo(first);
		assertThat(this.http.getBytes(path(first)).statusCode()).isEqualTo(404);
		assertThat(this.http.getBytes(path(picture)).statusCode()).isEqualTo(200);
		assertThat(avatarsOf(person)).isOne();
	}

	@Test
	void avatarWhenTheUserIsDeletedThenGone() {
		String person = newPerson();
		String picture = upload(accessToken(person), avatar("a.png", "image/png", png(48, 48))).json()
			.get("picture")
			.asString();
		assertThat(this.http.getBytes(path(picture)).statusCode()).isEqualTo(200);

		this.fixture.jdbc().update("DELETE FROM users WHERE id = ?::uuid", userId(person));

		assertThat(this.http.getBytes(path(picture)).statusCode()).isEqualTo(404);
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM avatars WHERE id = ?::uuid",
					Integer.class, picture.substring(picture.lastIndexOf('/') + 1)))
			.isZero();
	}

	@Test
	void avatarWhenALinkedLoginTakesTheProfileFromWeChatThenTheChosenAvatarIsGone() {
		String person = newPerson();
		String picture = upload(accessToken(person), avatar("a.png", "image/png", png(40, 40))).json()
			.get("picture")
			.asString();

		// the person's first website login, linked by unionid, brings WeChat's profile
		this.fixture.signIn(this.fixture.webClient(TestRegisteredClients.webClient()),
				this.fixture.person(person, Browser.DESKTOP), "openid profile");

		assertThat(pictureOf(person)).isNotEqualTo(picture);
		assertThat(this.http.getBytes(path(picture)).statusCode()).isEqualTo(404);
		assertThat(avatarsOf(person)).isZero();
	}

	@Test
	void avatarWhenAReturningLoginReadsTheProfileFromWeChatAgainThenTheChosenAvatarIsGone() {
		String person = newPerson();
		String accessToken = accessToken(person);
		OidcTestClient web = this.fixture.webClient(TestRegisteredClients.webClient());
		this.fixture.signIn(web, this.fixture.person(person, Browser.DESKTOP), "openid profile");
		String picture = upload(accessToken, avatar("a.png", "image/png", png(40, 40))).json()
			.get("picture")
			.asString();
		this.fixture.ageAllProfiles();

		this.fixture.signIn(web, this.fixture.person(person, Browser.DESKTOP), "openid profile");

		assertThat(pictureOf(person)).isNotEqualTo(picture);
		assertThat(this.http.getBytes(path(picture)).statusCode()).isEqualTo(404);
		assertThat(avatarsOf(person)).isZero();
	}

	@Test
	void avatarWhenALoginReadsNoNewPictureThenTheChosenAvatarStays() {
		String person = newPerson();
		String picture = upload(accessToken(person), avatar("a.png", "image/png", png(40, 40))).json()
			.get("picture")
			.asString();
		this.fixture.ageAllProfiles();

		login(person, "openid profile");

		assertThat(pictureOf(person)).isEqualTo(picture);
		assertThat(this.http.getBytes(path(picture)).statusCode()).isEqualTo(200);
	}

	@Test
	void avatarWhenUnknownOrNoIdThenNotFoundWithTheSameHeaders() {
		List<HttpResponse<byte[]>> responses = new ArrayList<>();
		responses.add(this.http.getBytes("/avatars/" + java.util.UUID.randomUUID()));
		responses.add(this.http.getBytes("/avatars/not-an-id"));
		responses.add(this.http.getBytes("/avatars/1-1-1-1-1"));

		for (HttpResponse<byte[]> response : responses) {
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'");
			assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
		}
	}

}
