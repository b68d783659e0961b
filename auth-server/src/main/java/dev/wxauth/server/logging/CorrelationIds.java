package dev.wxauth.server.logging;

import java.io.IOException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * A correlation id for every request, so that the log lines a request left can be found from its answer: the
 * caller's {@code X-Request-Id} when it is a plain token, a new random one otherwise. It is in SLF4J's MDC while the
 * request is worked on (the error page's dispatch included) and in the answer's {@code X-Request-Id}, whatever the
 * answer.
 * <p>
 * A caller's value that is not a plain token is dropped, never echoed: it would otherwise reach the log and the
 * response headers as written. A new id is 128 random bits from {@link ThreadLocalRandom}: it is not a secret, only
 * unique, and every request draws one, so no lock is shared (as {@code SecureRandom} behind
 * {@code UUID.randomUUID()} would).
 */
public final class CorrelationIds implements Filter {

	/** Where the current request's id is in SLF4J's MDC, and the field that carries it in structured logs. */
	public static final String MDC_KEY = "correlation_id";

	/** The request header a caller may name the id with, and the response header that returns it. */
	public static final String HEADER = "X-Request-Id";

	/** The longest id taken from a caller; the common tracing and proxy ids fit. */
	static final int MAX_LENGTH = 64;

	private static final String ATTRIBUTE = CorrelationIds.class.getName();

	private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

	CorrelationIds() {
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		// the error page's dispatch takes the id its request was given
		String id = (String) request.getAttribute(ATTRIBUTE);
		if (id == null) {
			String asked = ((HttpServletRequest) request).getHeader(HEADER);
			id = isWellFormed(asked) ? asked : newId();
			request.setAttribute(ATTRIBUTE, id);
		}
		((HttpServletResponse) response).setHeader(HEADER, id);
		MDC.put(MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	/** 1 to {@value #MAX_LENGTH} letters, digits, dots, underscores and hyphens. */
	static boolean isWellFormed(@Nullable String id) {
		if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '-';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	/** 128 random bits, base64url without padding: 22 characters. */
	static String newId() {
		byte[] bits = new byte[16];
		ThreadLocalRandom.current().nextBytes(bits);
		return URL_SAFE.encodeToString(bits);
	}

}
