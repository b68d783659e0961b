package dev.wxauth.emulator;

/**
 * One emulator with the default configuration for every test class in this JVM; tests reset it before each test.
 */
final class SharedEmulator {

	private static WeChatEmulator emulator;

	private SharedEmulator() {
	}

	static synchronized WeChatEmulator get() {
		if (emulator == null) {
			emulator = WeChatEmulator.start();
			Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
		}
		return emulator;
	}

}
