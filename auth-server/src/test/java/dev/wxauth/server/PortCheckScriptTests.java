package dev.wxauth.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/check-ports}, which {@code make bench} runs before it starts its own processes: a bench that found
 * {@code make run} still up used to measure it instead of its own.
 */
class PortCheckScriptTests {

	record Run(int exitCode, String output) {
	}

	static Run checkPorts(String... named) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("bash", "../scripts/check-ports"));
		command.addAll(List.of(named));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
	}

	@Test
	void checkPortsWhenEveryPortIsFreeThenZero() throws Exception {
		int free;
		try (ServerSocket socket = new ServerSocket(0)) {
			free = socket.getLocalPort();
		}

		assertThat(checkPorts("auth server:" + free).exitCode()).isZero();
	}

	@Test
	void checkPortsWhenOnePortHasAListenerThenTwoNamingIt() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Run run = checkPorts("WeChat emulator:" + taken.getLocalPort());

			assertThat(run.exitCode()).isEqualTo(2);
			assertThat(run.output()).contains("Port already in use: " + taken.getLocalPort() + " (WeChat emulator)");
		}
	}

}
