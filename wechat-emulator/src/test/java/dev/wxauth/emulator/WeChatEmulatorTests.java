package dev.wxauth.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static dev.wxauth.emulator.WeChatFlows.MINI_PROGRAM;
import static dev.wxauth.emulator.WeChatFlows.OFFICIAL_ACCOUNT;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE;
import static dev.wxauth.emulator.WeChatFlows.WEBSITE_WITHOUT_OPEN_PLATFORM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The launcher: starting on a chosen port, closing, and the id formulas other modules' tests rely on.
 */
class WeChatEmulatorTests {

	private final WeChatEmulator emulator = SharedEmulator.get();

	@Test
	void startWhenArgumentsNullThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> WeChatEmulator.start((String[]) null));
	}

	@Test
	void startWhenServerPortGivenThenServesThereUntilClosed() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		EmulatorHttp http;
		try (WeChatEmulator onPort = WeChatEmulator.start("--server.port=" + port)) {
			assertThat(onPort.baseUrl()).isEqualTo("http://localhost:" + port);
			http = new EmulatorHttp(onPort.baseUrl());
			assertThat(http.get("/sns/auth").errcode()).isEqualTo(41001);
		}
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> http.get("/sns/auth"));
	}

	@Test
	void baseUrlWhenRandomPortThenLocalhostWithoutTrailingSlash() {
		assertThat(this.emulator.baseUrl()).matches("http://localhost:\\d+");
	}

	@Test
	void openidWhenAppUnknownThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.emulator.openid("wxunknown", "alice"));
	}

	@Test
	void openidWhenUserUnknownThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.emulator.openid(WEBSITE, "mallory"));
	}

	@Test
	void openidWhenComputedThenFollowsPublishedFormula() throws Exception {
		assertThat(this.emulator.openid(WEBSITE, "alice")).isEqualTo("o" + hash("wxd0000000000000a1/alice"))
			.hasSize(28);
		assertThat(this.emulator.openid(MINI_PROGRAM, "alice")).isNotEqualTo(this.emulator.openid(WEBSITE, "alice"));
	}

	@Test
	void unionidWhenAppHasOpenPlatformAccountThenSharedAcrossItsApps() throws Exception {
		assertThat(this.emulator.unionid(WEBSITE, "bob")).isEqualTo("o" + hash("union/open-1/bob"))
			.isEqualTo(this.emulator.unionid(OFFICIAL_ACCOUNT, "bob"))
			.isEqualTo(this.emulator.unionid(MINI_PROGRAM, "bob"));
	}

	@Test
	void unionidWhenAppHasNoOpenPlatformAccountThenNull() {
		assertThat(this.emulator.unionid(WEBSITE_WITHOUT_OPEN_PLATFORM, "alice")).isNull();
	}

	private static String hash(String input) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
	}

}
