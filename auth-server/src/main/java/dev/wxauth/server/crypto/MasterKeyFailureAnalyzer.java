package dev.wxauth.server.crypto;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a missing or malformed master key into one clear start-up message instead of a stack trace.
 */
final class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<RuntimeException> {

	static final String ACTION = "Set WXAUTH_MASTER_KEY to 32 random bytes in base64, e.g. WXAUTH_MASTER_KEY=$(openssl rand -base64 32), "
			+ "and keep it: it decrypts the signing keys stored in the database. (Dev mode, profile 'dev', generates one.)";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RuntimeException cause) {
		if (cause instanceof MasterKeyMissingException || cause instanceof MasterKey.InvalidMasterKeyException) {
			return new FailureAnalysis(cause.getMessage() + ": the server cannot encrypt or read its secrets.", ACTION,
					cause);
		}
		return null;
	}

}
