package dev.wxauth.server.web;

import java.util.List;
import java.util.UUID;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.HeadlessChromium.Window;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The person's account page in a real browser (headless chromium, {@link BrowserPeople}): signing in with WeChat
 * to see it, on a phone inside WeChat's browser and on a desktop, in Chinese and English; revoking one app, signing
 * out everywhere, deleting the account with and without its confirmation; by keyboard alone; and its forms refused
 * without the session's CSRF token. Each page leaves a screenshot in {@code target/screenshots/} for review.
 */
@AuthServerTest
class AccountPageTests {

	@RegisterExtension
	static final BrowserPeople people = new BrowserPeople();

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	Window phoneInWeChat(String acceptLanguage) {
		return people.phoneInWeChat(acceptLanguage);
	}

	Window desktop(String acceptLanguage) {
		return people.desktop(acceptLanguage);
	}

	static String newPerson() {
		return BrowserPeople.newPerson();
	}

	/** Opens the account page signed out, and signs in with WeChat as {@code user} would. */
	Window signInToAccount(Window window, String user) {
		window.open(this.fixture.issuer() + "/account");
		BrowserPeople.signIn(window, user, this.fixture);
		assertThat(window.url()).as("back on the account page").startsWith(this.fixture.issuer() + "/account");
		return window;
	}

	UUID userId(String appid, String user) {
		return UUID.fromString(this.fixture.userId(appid, user));
	}

	JsonNode authorize(Window window, OidcTestClient client) {
		return BrowserPeople.authorize(window, client, "openid profile");
	}

	int rows(String sql, Object... arguments) {
		Integer count = this.fixture.jdbc().queryForObject(sql, Integer.class, arguments);
		return (count != null) ? count : 0;
	}

	// ---- seeing it ----

	@Test
	void accountPageWhenPhoneInWeChatThenSignedInWithTheOfficialAccountAndShownInChinese() {
		String user = newPerson();
		Window phone = signInToAccount(phoneInWeChat(BrowserPeople.CHINESE), user);

		assertThat(phone.evaluate("document.documentElement.lang").asString()).isEqualTo("zh");
		assertThat(phone.text("h1")).isEqualTo("我的帐号");
		assertThat(phone.text("#name")).isEqualTo("压测用户 " + user);
		assertThat(phone.text("#phone")).isEqualTo("未设置");
		assertThat(phone.text("#identities")).contains("公众号");
		assertThat(phone.text("#apps")).contains("您还没有授权任何应用。");
		assertThat(phone.evaluate("document.documentElement.scrollWidth").asInt()).as("no sideways scrolling")
			.isLessThanOrEqualTo(390);
		assertThat(phone.evaluate("getComputedStyle(document.querySelector('#sign-out-everywhere button')).minHeight")
			.asString()).as("a finger-sized button").isEqualTo("44px");
		phone.screenshot("account-zh-phone-wechat");
	}

	@Test
	void accountPageWhenDesktopInEnglishThenQrLoginAndEverySectionInEnglish() {
		String user = newPerson();
		Window desktop = signInToAccount(desktop(BrowserPeople.ENGLISH), user);

		assertThat(desktop.evaluate("document.documentElement.lang").asString()).isEqualTo("en");
		assertThat(desktop.text("h1")).isEqualTo("Your account");
		assertThat(desktop.text("#identities")).contains("Website (QR code)");
		assertThat(desktop.text("#profile")).contains("Name", "Phone number", "Not set");
		assertThat(desktop.text("#sessions")).contains("Sign out everywhere");
		assertThat(desktop.text("#delete")).contains("Delete my account");
		desktop.screenshot("account-en-desktop");

		desktop.clickAndWait("nav.languages a[lang='zh-CN']");
		assertThat(desktop.text("h1")).isEqualTo("我的帐号");
		assertThat(desktop.text("#identities")).contains("网站（扫码登录）");
		desktop.screenshot("account-zh-desktop");
	}

	@Test
	void accountPageThenNeverFramedAndNoScriptRuns() {
		Window desktop = signInToAccount(desktop(BrowserPeople.ENGLISH), newPerson());

		String session = desktop.cookies(this.fixture.issuer()).get(WeChatLoginFixture.SESSION_COOKIE);
		String policy = this.fixture.http()
			.get("/account", "Cookie", WeChatLoginFixture.SESSION_COOKIE + "=" + session)
			.header("Content-Security-Policy");

		assertThat(policy).contains("frame-ancestors 'none'", "default-src 'none'");
		assertThat(desktop.evaluate("document.scripts.length").asInt()).isZero();
		assertThat(desktop.evaluate("fetch('/account').then(() => 'fetched', () => 'refused')").asString())
			.as("not even the page's own origin may be fetched from it").isEqualTo("refused");
	}

	// ---- revoking one app ----

	@Test
	void revokeWhenThePersonRevokesOneAppThenItsTokensStopAndTheOtherAppKeepsItsOwn() {
		String user = newPerson();
		Window phone = signInToAccount(phoneInWeChat(BrowserPeople.CHINESE), user);
		OidcTestClient points = this.fixture.webClient(TestRegisteredClients.webClient().clientName("积分商城"));
		OidcTestClient news = this.fixture.webClient(TestRegisteredClients.webClient().clientName("新闻"));
		JsonNode pointsTokens = authorize(phone, points);
		JsonNode newsTokens = authorize(phone, news);

		phone.open(this.fixture.issuer() + "/account");
		assertThat(phone.text("#apps")).contains("积分商城", "新闻", "昵称和头像");
		phone.screenshot("account-zh-apps");
		phone.clickAndWait("li.app[data-client-id='" + points.clientId() + "'] button");

		assertThat(phone.text("#notice")).isEqualTo("已撤销授权。该应用已退出登录，下次使用时会重新请求授权。");
		assertThat(phone.text("#apps")).doesNotContain("积分商城").contains("新闻");
		assertThat(points.refresh(pointsTokens.get("refresh_token").asString()).status()).isEqualTo(400);
		assertThat(points.introspect(pointsTokens.get("access_token").asString()).json().get("active").asBoolean())
			.isFalse();
		assertThat(news.refresh(newsTokens.get("refresh_token").asString()).status()).isEqualTo(200);
	}

	// ---- signing out everywhere ----

	@Test
	void signOutEverywhereThenEveryBrowserAndEveryTokenOfThePersonIsSignedOut() {
		String user = newPerson();
		Window phone = signInToAccount(phoneInWeChat(BrowserPeople.CHINESE), user);
		Window otherPhone = signInToAccount(phoneInWeChat(BrowserPeople.CHINESE), user);
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		JsonNode tokens = authorize(otherPhone, client);

		phone.open(this.fixture.issuer() + "/account");
		phone.clickAndWait("#sign-out-everywhere button");

		assertThat(phone.text("h1")).isEqualTo("您已退出登录");
		phone.screenshot("account-zh-signed-out-everywhere");
		assertThat(client.refresh(tokens.get("refresh_token").asString()).status()).isEqualTo(400);
		otherPhone.open(this.fixture.issuer() + "/account");
		assertThat(otherPhone.url()).as("asked to sign in again").startsWith(this.fixture.wechat().baseUrl());
		phone.open(this.fixture.issuer() + "/account");
		assertThat(phone.url()).startsWith(this.fixture.wechat().baseUrl());
		assertThat(rows("SELECT count(*) FROM users WHERE id = ?", userId(WeChatLoginFixture.OFFICIAL_ACCOUNT, user)))
			.as("the person stays").isEqualTo(1);
	}

	// ---- deleting the account ----

	@Test
	void deleteWhenNotConfirmedThenNothingIsDeletedAndThePageSaysWhy() {
		String user = newPerson();
		Window desktop = signInToAccount(desktop(BrowserPeople.ENGLISH), user);
		UUID id = userId(WeChatLoginFixture.WEBSITE, user);

		desktop.clickAndWait("#delete-link");
		assertThat(desktop.text("h1")).isEqualTo("Delete your account?");
		desktop.screenshot("account-delete-en");
		desktop.clickAndWait("#delete-form button");

		assertThat(desktop.text("#unconfirmed")).isEqualTo("Nothing was deleted: tick the box to confirm.");
		assertThat(desktop.evaluate("document.querySelector('#confirm').getAttribute('aria-invalid')").asString())
			.isEqualTo("true");
		desktop.screenshot("account-delete-en-unconfirmed");
		assertThat(rows("SELECT count(*) FROM users WHERE id = ?", id)).isEqualTo(1);
		desktop.open(this.fixture.issuer() + "/account");
		assertThat(desktop.text("h1")).as("still signed in").isEqualTo("Your account");
	}

	@Test
	void deleteWhenConfirmedByKeyboardThenThePersonIsGoneTheirTokensStopAndTheNextLoginIsANewPerson() {
		String user = newPerson();
		Window phone = signInToAccount(phoneInWeChat(BrowserPeople.CHINESE), user);
		UUID id = userId(WeChatLoginFixture.OFFICIAL_ACCOUNT, user);
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		JsonNode tokens = authorize(phone, client);
		phone.open(this.fixture.issuer() + "/account");

		phone.clickAndWait("#delete-link");
		assertThat(phone.text("h1")).isEqualTo("确定注销帐号？");
		phone.screenshot("account-delete-zh-phone");
		focus(phone, "#confirm");
		phone.press(" ");
		assertThat(phone.evaluate("document.querySelector('#confirm').checked").asBoolean()).isTrue();
		phone.press("Tab");
		assertThat(phone.evaluate("document.activeElement.type").asString()).isEqualTo("submit");
		phone.whileLeaving(() -> phone.press("Enter"));

		assertThat(phone.url()).startsWith(this.fixture.issuer() + "/account/deleted");
		assertThat(phone.text("h1")).isEqualTo("您的帐号已注销");
		phone.screenshot("account-deleted-zh-phone");
		assertThat(rows("SELECT count(*) FROM users WHERE id = ?", id)).isZero();
		assertThat(rows("SELECT count(*) FROM audit_events WHERE resource_id = ? AND action = 'delete'"
				+ " AND actor = 'account-page'", id.toString())).isEqualTo(1);
		assertThat(client.introspect(tokens.get("access_token").asString()).json().get("active").asBoolean())
			.isFalse();
		assertThat(client.refresh(tokens.get("refresh_token").asString()).status()).isEqualTo(400);

		signInToAccount(phone, user);
		assertThat(userId(WeChatLoginFixture.OFFICIAL_ACCOUNT, user)).as("a new, empty account").isNotEqualTo(id);
	}

	@Test
	void deletedPageInEnglishToo() {
		Window desktop = signInToAccount(desktop(BrowserPeople.ENGLISH), newPerson());
		desktop.open(this.fixture.issuer() + "/account/delete");
		desktop.click("#confirm");
		desktop.clickAndWait("#delete-form button");

		assertThat(desktop.text("h1")).isEqualTo("Your account is deleted");
		desktop.screenshot("account-deleted-en");
	}

	// ---- keyboard and forgery ----

	@Test
	void keyboardWhenTabbingThroughTheAccountPageThenEveryControlIsReachedAndShowsItsFocus() {
		Window desktop = signInToAccount(desktop(BrowserPeople.ENGLISH), newPerson());
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient().clientName("Points"));
		authorize(desktop, client);
		desktop.open(this.fixture.issuer() + "/account");
		int controls = desktop.evaluate("document.querySelectorAll('a[href], button, input:not([type=hidden])').length")
			.asInt();

		List<String> reached = new java.util.ArrayList<>();
		for (int i = 0; i < controls; i++) {
			desktop.press("Tab");
			reached.add(desktop.evaluate("document.activeElement.textContent.trim()").asString());
			assertThat(desktop.evaluate("getComputedStyle(document.activeElement).outlineStyle").asString())
				.as("a visible focus on " + reached.getLast())
				.isNotEqualTo("none");
		}

		assertThat(reached).containsExactly("中文", "English", "Revoke", "Sign out everywhere", "Delete my account…");
		desktop.whileLeaving(() -> desktop.press("Enter"));
		assertThat(desktop.text("h1")).isEqualTo("Delete your account?");
	}

	@Test
	void formsWhenPostedWithoutTheSessionsCsrfTokenThenRefusedAndNothingChanges() {
		String user = newPerson();
		Window desktop = signInToAccount(desktop(BrowserPeople.ENGLISH), user);
		UUID id = userId(WeChatLoginFixture.WEBSITE, user);
		String session = desktop.cookies(this.fixture.issuer()).get(WeChatLoginFixture.SESSION_COOKIE);
		assertThat(session).isNotNull();
		Http http = this.fixture.http();

		for (String form : List.of("/account/delete", "/account/sign-out-everywhere", "/account/apps/revoke")) {
			Http.Response forged = http.postForm(form, Http.form("confirm", "yes", "client_id", "x"), "Cookie",
					WeChatLoginFixture.SESSION_COOKIE + "=" + session, "Origin", "https://evil.example");
			assertThat(forged.status()).as(form).isEqualTo(403);
		}

		assertThat(rows("SELECT count(*) FROM users WHERE id = ?", id)).isEqualTo(1);
		desktop.open(this.fixture.issuer() + "/account");
		assertThat(desktop.text("h1")).as("still signed in").isEqualTo("Your account");
	}

	/** Moves the keyboard's focus to the element, by Tab presses from the top of the page. */
	static void focus(Window window, String selector) {
		for (int i = 0; i < 20; i++) {
			window.press("Tab");
			if (window.evaluate("document.activeElement === document.querySelector(" + quoted(selector) + ")")
				.asBoolean()) {
				return;
			}
		}
		throw new AssertionError("Tab never reached " + selector);
	}

	private static String quoted(String selector) {
		return "'" + selector.replace("'", "\\'") + "'";
	}

}
