package dev.wxauth.emulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * The emulator's world, bound from {@code emulator.*} in {@code wechat-emulator.yml}: the WeChat apps it knows (by
 * appid), the test users who can log in (by user id), and how long what it issues lives.
 *
 * @param apps the apps by appid
 * @param users the test users by id, in the order the authorize page lists them
 * @param timeoutFaultDelay how long a {@link Fault#TIMEOUT} holds a call
 * @param lifetimes how long codes and tokens live
 */
@ConfigurationProperties("emulator")
record EmulatorProperties(Map<String, App> apps, Map<String, User> users, Duration timeoutFaultDelay,
		Lifetimes lifetimes) {

	EmulatorProperties {
		Assert.notNull(timeoutFaultDelay, "emulator.timeout-fault-delay cannot be null");
		Assert.notNull(lifetimes, "emulator.lifetimes cannot be null");
		// Copies that keep the configuration's order: the authorize page lists users in it.
		apps = (apps != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(apps)) : Map.of();
		users = (users != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(users)) : Map.of();
	}

	/**
	 * One app registered with WeChat.
	 *
	 * @param secret the AppSecret
	 * @param kind which WeChat product the app is
	 * @param openPlatformAccount the Open Platform account the app is bound to (which scopes its unionids), or empty
	 * @param callbackDomains the hosts a {@code redirect_uri} may name (port ignored)
	 * @param pushUrl where WeChat pushes the app's messages (its console's message push URL), or empty
	 * @param pushToken the Token the pushes are signed with, or empty
	 * @param encodingAesKey the EncodingAESKey of the safe mode, or empty
	 */
	record App(String secret, AppKind kind, String openPlatformAccount, List<String> callbackDomains, String pushUrl,
			String pushToken, String encodingAesKey) {

		App {
			Assert.hasText(secret, "secret cannot be empty");
			Assert.notNull(kind, "kind cannot be null");
			openPlatformAccount = (openPlatformAccount != null) ? openPlatformAccount : "";
			callbackDomains = (callbackDomains != null) ? List.copyOf(callbackDomains) : List.of();
		}

		@Override
		public String toString() {
			return "App[kind=" + this.kind + ", openPlatformAccount=" + this.openPlatformAccount + "]";
		}

	}

	/**
	 * One test user, as {@code sns/userinfo} shows them.
	 *
	 * @param nickname the nickname (may hold emoji)
	 * @param sex 0 unknown, 1 male, 2 female
	 * @param province the province
	 * @param city the city
	 * @param country the country
	 * @param headimgurl the avatar URL, or empty
	 * @param phoneNumber the local phone number (no country code), or empty when the user has none
	 * @param countryCode the phone number's country calling code
	 * @param snapshot whether the user only ever saw WeChat's snapshot page: {@code snsapi_userinfo} gives them
	 * virtual ids
	 */
	record User(String nickname, int sex, String province, String city, String country, String headimgurl,
			String phoneNumber, int countryCode, boolean snapshot) {

		User {
			Assert.hasText(nickname, "nickname cannot be empty");
			province = (province != null) ? province : "";
			city = (city != null) ? city : "";
			country = (country != null) ? country : "";
			headimgurl = (headimgurl != null) ? headimgurl : "";
			phoneNumber = (phoneNumber != null) ? phoneNumber : "";
		}

	}

	/**
	 * How long each thing the emulator issues lives.
	 *
	 * @param qrconnectCode a website QR login code
	 * @param oauth2AuthorizeCode an official-account web authorization code
	 * @param appCode a mobile-app Open SDK code
	 * @param jsCode a mini-program {@code wx.login} code
	 * @param phoneCode a mini-program {@code getPhoneNumber} code
	 * @param snsAccessToken an {@code sns/oauth2} access token
	 * @param refreshToken an {@code sns/oauth2} refresh token of a website or official-account app
	 * @param mobileAppRefreshToken an {@code sns/oauth2} refresh token of a mobile app
	 * @param appAccessToken an app's own access token ({@code cgi-bin/token}, {@code cgi-bin/stable_token})
	 */
	record Lifetimes(Duration qrconnectCode, Duration oauth2AuthorizeCode, Duration appCode, Duration jsCode,
			Duration phoneCode, Duration snsAccessToken, Duration refreshToken, Duration mobileAppRefreshToken,
			Duration appAccessToken) {

		Lifetimes {
			Assert.noNullElements(new Object[] { qrconnectCode, oauth2AuthorizeCode, appCode, jsCode, phoneCode,
					snsAccessToken, refreshToken, mobileAppRefreshToken, appAccessToken },
					"emulator.lifetimes.* cannot be null");
		}

	}

}
