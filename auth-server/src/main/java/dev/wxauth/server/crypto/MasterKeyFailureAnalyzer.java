package dev.wxauth.server.crypto;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a missing, malformed or wrong master key into one clear start-up message instead of a stack trace.
 */
final class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<RuntimeException> {

	static final String SET_A_KEY = "Set WXAUTH_MASTER_KEY to 32 random bytes in base64, e.g. WXAUTH_MASTER_KEY=$(openssl rand -base64 32), "
			+ "and keep it: it decrypts the secrets stored in the database. (Dev mode, profile 'dev', generates one.)";

	static final String USE_THE_RIGHT_KEY = "Start with the WXAUTH_MASTER_KEY this database was written with. "
			+ "If that key is lost, the stored signing keys are too: delete the rows of signing_keys and restart "
			+ "(every token issued so far stops verifying).";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RuntimeException cause) {
		if (cause instanceof MasterKeyMissingException || cause instanceof MasterKey.InvalidMasterKeyException) {
			return new FailureAnalysis(cause.getMessage() + ": the server cannot encrypt or read its secrets.", SET_A_KEY,
					cause);
		}
		if (cause instanceof AtRestEncryptor.DecryptionFailedException) {
			return new FailureAnalysis(cause.getMessage() + ".", USE_THE_RIGHT_KEY, cause);
		}
		return null;
	}

}
