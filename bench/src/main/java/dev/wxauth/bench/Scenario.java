package dev.wxauth.bench;

/**
 * One thing the benchmark measures: what each worker repeats.
 */
interface Scenario {

	/** The operation worker {@code worker} repeats; it throws when the servers did not answer as they should. */
	Operation operation(int worker);

	@FunctionalInterface
	interface Operation {

		void run() throws Exception;

	}

}
