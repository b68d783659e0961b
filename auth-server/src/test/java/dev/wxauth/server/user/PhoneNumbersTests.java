package dev.wxauth.server.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a person's phone number is shown back to them: masked. */
class PhoneNumbersTests {

	@Test
	void maskedWhenChineseMobileNumberThenAsWeChatShowsIt() {
		assertThat(PhoneNumbers.masked("+8613812348000")).isEqualTo("+86 138****8000");
	}

	@Test
	void maskedWhenAnotherCountrysNumberThenFirstTwoAndLastFourDigits() {
		assertThat(PhoneNumbers.masked("+447700900123")).isEqualTo("+44******0123");
	}

	@Test
	void maskedWhenShortNumberThenLastTwoDigitsOnly() {
		assertThat(PhoneNumbers.masked("+3541234")).isEqualTo("+35***34");
	}

}
