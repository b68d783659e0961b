package dev.wxauth.server.wechat.events;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * WeChat's safe-mode message encryption, against the vector of WeChat's own sample code (its Java
 * {@code WXBizMsgCryptTest}: that EncodingAESKey, appid and 16 "random" bytes give that ciphertext), and every way a
 * ciphertext is refused.
 */
class PushMessageCipherTests {

	static final String SAMPLE_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

	static final String SAMPLE_APPID = "wxb11529c136998cb6";

	static final byte[] SAMPLE_RANDOM = "aaaabbbbccccdddd".getBytes(StandardCharsets.US_ASCII);

	static final String SAMPLE_CIPHERTEXT = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";

	final PushMessageCipher cipher = new PushMessageCipher(SAMPLE_KEY);

	@Test
	void encryptWhenWeChatsSampleThenItsCiphertext() {
		assertThat(this.cipher.encrypt("我是中文abcd123", SAMPLE_APPID, SAMPLE_RANDOM)).isEqualTo(SAMPLE_CIPHERTEXT);
	}

	@Test
	void decryptWhenWeChatsSampleThenItsMessage() {
		assertThat(this.cipher.decrypt(SAMPLE_CIPHERTEXT, SAMPLE_APPID)).isEqualTo("我是中文abcd123");
	}

	@Test
	void decryptWhenEncryptedThenTheSameMessageWhateverItsLength() {
		SecureRandom random = new SecureRandom();
		String message = "";
		for (int length = 0; length < 80; length++) {
			byte[] first = new byte[16];
			random.nextBytes(first);
			assertThat(this.cipher.decrypt(this.cipher.encrypt(message, SAMPLE_APPID, first), SAMPLE_APPID))
				.isEqualTo(message);
			message += (length % 3 == 0) ? "事" : "x";
		}
	}

	@Test
	void decryptWhenForAnotherAppThenForged() {
		String ciphertext = this.cipher.encrypt("<xml/>", "wxd0000000000000a3", SAMPLE_RANDOM);

		assertThatExceptionOfType(InvalidPushException.class)
			.isThrownBy(() -> this.cipher.decrypt(ciphertext, SAMPLE_APPID))
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo("forged"));
	}

	@Test
	void decryptWhenAnotherKeyThenForged() {
		PushMessageCipher other = new PushMessageCipher("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg");

		assertThatExceptionOfType(InvalidPushException.class)
			.isThrownBy(() -> other.decrypt(SAMPLE_CIPHERTEXT, SAMPLE_APPID))
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo("forged"));
	}

	@Test
	void decryptWhenNotBase64OrNotWholeBlocksOrEmptyThenMalformed() {
		for (String ciphertext : new String[] { "not base64!", "", Base64.getEncoder().encodeToString(new byte[17]),
				SAMPLE_CIPHERTEXT.substring(4) }) {
			assertThatExceptionOfType(InvalidPushException.class)
				.isThrownBy(() -> this.cipher.decrypt(ciphertext, SAMPLE_APPID))
				.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo("malformed"));
		}
	}

	@Test
	void decryptWhenOneByteChangedThenRefused() {
		byte[] ciphertext = Base64.getDecoder().decode(SAMPLE_CIPHERTEXT);
		for (int i = 0; i < ciphertext.length; i++) {
			byte[] changed = ciphertext.clone();
			changed[i] ^= 0x01;
			String tampered = Base64.getEncoder().encodeToString(changed);
			// a change in the first block only garbles the random bytes, which nothing checks
			if (i >= 16) {
				assertThatExceptionOfType(InvalidPushException.class)
					.isThrownBy(() -> this.cipher.decrypt(tampered, SAMPLE_APPID));
			}
		}
	}

}
