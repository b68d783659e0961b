package dev.wxauth.emulator;

/**
 * State that {@code POST /emulator/reset} forgets: codes, tokens, faults, call counters.
 */
interface Resettable {

	void reset();

}
