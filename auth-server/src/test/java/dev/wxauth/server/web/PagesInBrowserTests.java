package dev.wxauth.server.web;

import java.util.List;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.HeadlessChromium.Window;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every other page a person meets, in a real browser and in both languages, as a person goes through them: the
 * consent page (allowing by a click, and denying), the signed-in page, a login WeChat declined, the
 * logout question and its answer, and the page of an address with nothing. Each leaves a screenshot in
 * {@code target/screenshots/} for review; the account pages have their own ({@link AccountPageTests}).
 */
@AuthServerTest
class PagesInBrowserTests {

	@RegisterExtension
	static final BrowserPeople people = new BrowserPeople();

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	OidcTestClient consentingClient() {
		return this.fixture.webClient(ConsentPageTests.consentingClient());
	}

	@Test
	void loginThenConsentThenSignedInThenLogoutWhenChineseOnAPhoneInWeChat() {
		Window phone = people.phoneInWeChat(BrowserPeople.CHINESE);
		walkThrough(phone, "zh-phone", List.of("是否允许访问？", "已登录", "退出登录", "您已退出登录"));
	}

	@Test
	void loginThenConsentThenSignedInThenLogoutWhenEnglishOnADesktop() {
		Window desktop = people.desktop(BrowserPeople.ENGLISH);
		walkThrough(desktop, "en-desktop", List.of("Allow access?", "Signed in", "Sign out", "You are signed out"));
	}

	/**
	 * A client asks for consent; the person signs in, allows by clicking, and the client gets its code; then the
	 * signed-in page, and signing out by answering the logout question.
	 */
	private void walkThrough(Window window, String picture, List<String> titles) {
		OidcTestClient client = consentingClient();
		List<String> redirects = window.answerLocally(client.redirectUri());
		window.open(client.authorizationUrl("openid profile phone account"));
		BrowserPeople.signIn(window, BrowserPeople.newPerson(), this.fixture);

		assertThat(window.url()).startsWith(this.fixture.issuer() + "/oauth2/consent");
		assertThat(window.text("h1")).isEqualTo(titles.get(0));
		window.screenshot("consent-" + picture);
		window.click("#approve button");
		awaitRedirect(redirects);
		assertThat(redirects.getLast()).startsWith(client.redirectUri()).contains("code=");

		window.open(this.fixture.issuer() + "/");
		assertThat(window.text("h1")).isEqualTo(titles.get(1));
		window.screenshot("signed-in-" + picture);

		window.open(this.fixture.issuer() + "/logout");
		assertThat(window.text("h1")).isEqualTo(titles.get(2));
		window.screenshot("logout-" + picture);
		window.clickAndWait("form button");
		assertThat(window.text("h1")).isEqualTo(titles.get(3));
		window.screenshot("logout-done-" + picture);
	}

	@Test
	void consentWhenDeniedByClickThenTheClientGetsAccessDenied() {
		Window desktop = people.desktop(BrowserPeople.ENGLISH);
		OidcTestClient client = consentingClient();
		List<String> redirects = desktop.answerLocally(client.redirectUri());
		desktop.open(client.authorizationUrl("openid profile"));
		BrowserPeople.signIn(desktop, BrowserPeople.newPerson(), this.fixture);

		desktop.click("#deny button");
		awaitRedirect(redirects);

		assertThat(redirects.getLast()).contains("error=access_denied").doesNotContain("code=");
	}

	@Test
	void loginErrorWhenThePersonDeclinesOnWeChatThenAPageInTheirLanguage() {
		for (String language : List.of(BrowserPeople.CHINESE, BrowserPeople.ENGLISH)) {
			Window phone = people.phoneInWeChat(language);
			phone.open(this.fixture.issuer() + "/account");
			phone.open(phone.url().replaceFirst("#.*", "") + "&mock_action=deny");

			assertThat(phone.text("h1")).isEqualTo(language.startsWith("zh") ? "登录未完成" : "Sign-in did not complete");
			phone.screenshot("login-error-" + language.substring(0, 2));
		}
	}

	@Test
	void errorPageWhenNothingIsThereThenAPageInTheirLanguage() {
		for (String language : List.of(BrowserPeople.CHINESE, BrowserPeople.ENGLISH)) {
			Window desktop = people.desktop(language);
			desktop.open(this.fixture.issuer() + "/oauth2/authorize?client_id=nobody&response_type=code");

			assertThat(desktop.text("h1")).isEqualTo(language.startsWith("zh") ? "出错了" : "Something went wrong");
			desktop.screenshot("error-" + language.substring(0, 2));
		}
	}

	/** A click's navigation runs on: wait until the client's address was asked for. */
	private static void awaitRedirect(List<String> redirects) {
		for (int i = 0; i < 200 && redirects.isEmpty(); i++) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		assertThat(redirects).as("the client's redirect").isNotEmpty();
	}

}
