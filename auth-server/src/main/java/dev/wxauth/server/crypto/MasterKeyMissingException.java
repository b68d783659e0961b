package dev.wxauth.server.crypto;

/**
 * Thrown at start-up outside dev mode when no master key is configured: the server would otherwise be unable
 * to read the secrets it stores.
 */
public final class MasterKeyMissingException extends RuntimeException {

	MasterKeyMissingException() {
		super("WXAUTH_MASTER_KEY is not set");
	}

}
