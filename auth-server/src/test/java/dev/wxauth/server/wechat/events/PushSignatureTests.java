package dev.wxauth.server.wechat.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WeChat's push signatures, against the examples of its documentation.
 *
 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html">Message
 * push</a>
 */
class PushSignatureTests {

	@Test
	void ofWhenWeChatsUrlVerificationExampleThenItsSignature() {
		// Token "AAAAA", sorted ["1514711492", "1714036504", "AAAAA"]
		assertThat(PushSignature.of("AAAAA", "1714036504", "1514711492"))
			.isEqualTo("f464b24fc39322e44b38aa78f5edd27bd1441696");
	}

	@Test
	void ofWhenWeChatsPlaintextPushExampleThenItsSignature() {
		assertThat(PushSignature.of("AAAAA", "1714037059", "486452656"))
			.isEqualTo("899cf89e464efb63f54ddac96b0a0a235f53aa78");
	}

	@Test
	void ofWhenPartsInAnyOrderThenTheSameSignature() {
		assertThat(PushSignature.of("nonce", "token", "1700000000", "Encrypt+/="))
			.isEqualTo(PushSignature.of("Encrypt+/=", "1700000000", "token", "nonce"));
	}

	@Test
	void matchesWhenMissingOtherOrUpperCaseThenFalse() {
		String signature = PushSignature.of("AAAAA", "1714036504", "1514711492");

		assertThat(PushSignature.matches(signature, "AAAAA", "1714036504", "1514711492")).isTrue();
		assertThat(PushSignature.matches(null, "AAAAA", "1714036504", "1514711492")).isFalse();
		assertThat(PushSignature.matches("", "AAAAA", "1714036504", "1514711492")).isFalse();
		assertThat(PushSignature.matches(signature, "AAAAB", "1714036504", "1514711492")).isFalse();
		assertThat(PushSignature.matches(signature.toUpperCase(), "AAAAA", "1714036504", "1514711492")).isFalse();
		assertThat(PushSignature.matches(signature + "0", "AAAAA", "1714036504", "1514711492")).isFalse();
	}

}
