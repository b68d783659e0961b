package dev.wxauth.emulator;

import org.springframework.util.Assert;

/**
 * A WeChat user who can log in through the emulator.
 *
 * @param id the emulator's id for the user ({@code alice}), from which their openids and unionids derive
 * @param nickname the nickname
 * @param sex 0 unknown, 1 male, 2 female
 * @param province the province
 * @param city the city
 * @param country the country
 * @param headimgurl the avatar URL, or empty
 * @param phoneNumber the local phone number, or empty
 * @param countryCode the phone number's country calling code
 * @param snapshot whether {@code snsapi_userinfo} shows the user only WeChat's snapshot page
 */
record TestUser(String id, String nickname, int sex, String province, String city, String country,
		String headimgurl, String phoneNumber, int countryCode, boolean snapshot) {

	TestUser {
		Assert.hasText(id, "id cannot be empty");
		Assert.hasText(nickname, "nickname cannot be empty");
	}

	boolean hasPhoneNumber() {
		return !this.phoneNumber.isEmpty();
	}

	@Override
	public String toString() {
		return "TestUser[id=" + this.id + "]";
	}

}
