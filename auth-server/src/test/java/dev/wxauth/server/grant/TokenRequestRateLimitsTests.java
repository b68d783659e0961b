package dev.wxauth.server.grant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenRequestRateLimitsTests {

	@Test
	void addressKeyWhenIPv4ThenTheAddress() {
		assertThat(TokenRequestRateLimits.addressKey("203.0.113.7")).isEqualTo("203.0.113.7");
	}

	@Test
	void addressKeyWhenIPv6ThenItsSlash64SoOneSubscriberCountsOnce() {
		assertThat(TokenRequestRateLimits.addressKey("2001:db8:1:2:aaaa::1"))
			.isEqualTo(TokenRequestRateLimits.addressKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"))
			.isEqualTo("2001:db8:1:2::/64");
		assertThat(TokenRequestRateLimits.addressKey("2001:db8:1:3::1")).isNotEqualTo("2001:db8:1:2::/64");
	}

}
