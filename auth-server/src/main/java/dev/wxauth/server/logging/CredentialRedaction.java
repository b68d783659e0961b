package dev.wxauth.server.logging;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * Keeps credentials that arrive as {@code name=value} in a request's query or body out of the log, whoever logs them:
 * Tomcat logs a request line it cannot parse verbatim ("Invalid character found in the request target [...]", first
 * at INFO, then at DEBUG), and the frameworks' DEBUG logs print requested URLs with their queries. An event whose
 * message or exception message carries such a pair is logged again with the value replaced by {@code [redacted]}
 * (the exception's stack kept), and the original is dropped.
 */
public final class CredentialRedaction extends TurboFilter {

	/** OAuth's, OpenID Connect's and WeChat's parameters that are credentials, or let one be obtained. */
	static final Set<String> CREDENTIALS = Set.of("code", "code_verifier", "client_secret", "client_assertion",
			"assertion", "refresh_token", "access_token", "id_token", "id_token_hint", "logout_token", "token",
			"subject_token", "actor_token", "device_code", "user_code", "password", "secret", "js_code", "session_key");

	private static final Pattern CREDENTIAL = Pattern
		.compile("(?i)(?<![A-Za-z0-9_])(" + String.join("|", CREDENTIALS) + ")=[^&\\s\\]\\[\"'<>;,]+");

	private static final String REDACTED = "$1=[redacted]";

	private static final ThreadLocal<Boolean> relogging = new ThreadLocal<>();

	/**
	 * Adds the filter to Logback's context, once, and again whenever the context is reset (Spring Boot resets it when
	 * it configures logging again, Logback when it reloads its configuration): a reset drops every turbo filter.
	 */
	public static void install() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			install(context);
		}
	}

	static void install(LoggerContext context) {
		synchronized (context) {
			if (context.getCopyOfListenerList().stream().noneMatch(Reinstaller.class::isInstance)) {
				context.addListener(new Reinstaller());
			}
			addTo(context);
		}
	}

	private static void addTo(LoggerContext context) {
		if (context.getTurboFilterList().stream().noneMatch(CredentialRedaction.class::isInstance)) {
			CredentialRedaction filter = new CredentialRedaction();
			filter.setContext(context);
			filter.start();
			context.addTurboFilter(filter);
		}
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable thrown) {
		if (format == null || level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())
				|| relogging.get() != null) {
			return FilterReply.NEUTRAL;
		}
		FormattingTuple message = MessageFormatter.arrayFormat(format, params);
		Throwable exception = (thrown != null) ? thrown : message.getThrowable();
		if (!carriesCredential(message.getMessage()) && !carriesCredential(exception)) {
			return FilterReply.NEUTRAL;
		}
		relogging.set(Boolean.TRUE);
		try {
			logger.log(marker, Logger.FQCN, Level.toLocationAwareLoggerInteger(level), redact(message.getMessage()),
					null, redacted(exception, Collections.newSetFromMap(new IdentityHashMap<>())));
		}
		finally {
			relogging.remove();
		}
		return FilterReply.DENY;
	}

	static @Nullable String redact(@Nullable String text) {
		return (text != null) ? CREDENTIAL.matcher(text).replaceAll(REDACTED) : null;
	}

	private static boolean carriesCredential(@Nullable String text) {
		return text != null && text.indexOf('=') >= 0 && CREDENTIAL.matcher(text).find();
	}

	private static boolean carriesCredential(@Nullable Throwable exception) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = exception; cause != null && seen.add(cause); cause = cause.getCause()) {
			if (carriesCredential(cause.getMessage())) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable Throwable redacted(@Nullable Throwable exception, Set<Throwable> seen) {
		if (exception == null || !seen.add(exception)) {
			return null;
		}
		Redacted copy = new Redacted(exception.getClass().getName()
				+ ((exception.getMessage() != null) ? ": " + redact(exception.getMessage()) : ""),
				redacted(exception.getCause(), seen));
		copy.setStackTrace(exception.getStackTrace());
		for (Throwable suppressed : exception.getSuppressed()) {
			Throwable redactedSuppressed = redacted(suppressed, seen);
			if (redactedSuppressed != null) {
				copy.addSuppressed(redactedSuppressed);
			}
		}
		return copy;
	}

	/** Puts the filter back after a reset, which keeps only listeners like this one. */
	private static final class Reinstaller implements LoggerContextListener {

		@Override
		public boolean isResetResistant() {
			return true;
		}

		@Override
		public void onReset(LoggerContext context) {
			addTo(context);
		}

		@Override
		public void onStart(LoggerContext context) {
		}

		@Override
		public void onStop(LoggerContext context) {
		}

		@Override
		public void onLevelChange(Logger logger, Level level) {
		}

	}

	/** An exception as it was thrown, its class named in its message, and its credentials redacted. */
	static final class Redacted extends RuntimeException {

		Redacted(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

}
