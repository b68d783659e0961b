package dev.wxauth.bench;

/**
 * One thing the benchmark measures: what each worker repeats.
 */
interface Scenario {

	/** Runs once before the workers start, e.g. to mint codes or get tokens. */
	default void prepare(int workers, long expectedOperations) throws Exception {
	}

	/** The operation worker {@code worker} repeats; it throws when the servers did not answer as they should. */
	Operation operation(int worker);

	@FunctionalInterface
	interface Operation {

		void run() throws Exception;

	}

}
