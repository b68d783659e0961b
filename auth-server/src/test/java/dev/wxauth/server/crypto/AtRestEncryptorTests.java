package dev.wxauth.server.crypto;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AtRestEncryptorTests {

	static final MasterKey KEY = MasterKey.fromBase64("dGVzdC1tYXN0ZXIta2V5LWZvci13eGF1dGgtdGVzdHM=");

	AtRestEncryptor encryptor = new AtRestEncryptor(KEY);

	@Test
	void fromBase64WhenNot32BytesThenRejectedNamingTheVariable() {
		assertThatExceptionOfType(MasterKey.InvalidMasterKeyException.class)
			.isThrownBy(() -> MasterKey.fromBase64("c2hvcnQ="))
			.withMessageContaining("WXAUTH_MASTER_KEY must decode to 32 bytes");
	}

	@Test
	void fromBase64WhenNotBase64ThenRejected() {
		assertThatExceptionOfType(MasterKey.InvalidMasterKeyException.class)
			.isThrownBy(() -> MasterKey.fromBase64("not base64 !"))
			.withMessageContaining("not valid base64");
	}

	@Test
	void decryptWhenOtherContextThenFails() {
		byte[] sealed = this.encryptor.encrypt(bytes("secret"), "signing_keys:a");

		assertThatExceptionOfType(AtRestEncryptor.DecryptionFailedException.class)
			.isThrownBy(() -> this.encryptor.decrypt(sealed, "signing_keys:b"));
	}

	@Test
	void decryptWhenTamperedThenFails() {
		byte[] sealed = this.encryptor.encrypt(bytes("secret"), "ctx");
		sealed[sealed.length - 1] ^= 1;

		assertThatExceptionOfType(AtRestEncryptor.DecryptionFailedException.class)
			.isThrownBy(() -> this.encryptor.decrypt(sealed, "ctx"));
	}

	@Test
	void decryptWhenOtherMasterKeyThenFails() {
		byte[] sealed = this.encryptor.encrypt(bytes("secret"), "ctx");
		AtRestEncryptor other = new AtRestEncryptor(MasterKey.fromBase64("b3RoZXItbWFzdGVyLWtleS0tLS0tLS0tLS0tLS0tLS0="));

		assertThatExceptionOfType(AtRestEncryptor.DecryptionFailedException.class)
			.isThrownBy(() -> other.decrypt(sealed, "ctx"));
	}

	@Test
	void decryptWhenTruncatedThenFails() {
		assertThatExceptionOfType(AtRestEncryptor.DecryptionFailedException.class)
			.isThrownBy(() -> this.encryptor.decrypt(new byte[] { 1, 2, 3 }, "ctx"));
	}

	@Test
	void encryptWhenSamePlaintextTwiceThenDifferentCiphertextsThatBothDecrypt() {
		byte[] a = this.encryptor.encrypt(bytes("secret"), "ctx");
		byte[] b = this.encryptor.encrypt(bytes("secret"), "ctx");

		assertThat(a).isNotEqualTo(b);
		assertThat(new String(this.encryptor.decrypt(a, "ctx"), StandardCharsets.UTF_8)).isEqualTo("secret");
		assertThat(new String(this.encryptor.decrypt(b, "ctx"), StandardCharsets.UTF_8)).isEqualTo("secret");
	}

	@Test
	void toStringWhenPrintedThenRedacted() {
		assertThat(KEY.toString()).isEqualTo("MasterKey[redacted]");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
