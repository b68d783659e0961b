package dev.wxauth.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every call to a WeChat path and makes it suffer the next injected {@link Fault}, before any controller
 * sees it; labels the answers' content type exactly as WeChat does. The emulator's own {@code /emulator/} controls
 * are neither counted, faulted nor relabelled.
 */
@Component
final class FaultInjectionFilter extends OncePerRequestFilter implements Ordered {

	private static final String CONTROLS = "/emulator/";

	/** A gateway's page: what a client sees when WeChat's front end, not WeChat, fails. */
	private static final byte[] SERVER_ERROR_PAGE = """
			<html>
			<head><title>500 Internal Server Error</title></head>
			<body>
			<center><h1>500 Internal Server Error</h1></center>
			<hr><center>nginx</center>
			</body>
			</html>
			""".getBytes(StandardCharsets.UTF_8);

	/** A success body cut short, as by a dropped connection behind a proxy. */
	private static final byte[] TRUNCATED_JSON = "{\"access_token\":\"ACCESS_TOKEN\",\"expires_in\":72"
		.getBytes(StandardCharsets.UTF_8);

	private final Faults faults;

	private final CallCounter callCounter;

	private final WeChatResponses responses;

	private final Duration timeoutFaultDelay;

	FaultInjectionFilter(Faults faults, CallCounter callCounter, WeChatResponses responses,
			EmulatorProperties properties) {
		Assert.notNull(faults, "faults cannot be null");
		Assert.notNull(callCounter, "callCounter cannot be null");
		Assert.notNull(responses, "responses cannot be null");
		Assert.notNull(properties, "properties cannot be null");
		this.faults = faults;
		this.callCounter = callCounter;
		this.responses = responses;
		this.timeoutFaultDelay = properties.timeoutFaultDelay();
	}

	@Override
	public int getOrder() {
		// After Spring Boot's character encoding filter, before everything else.
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith(CONTROLS);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI();
		this.callCounter.record(path);
		Fault fault = this.faults.take(path).orElse(null);
		if (fault == null) {
			chain.doFilter(request, RelabelledResponse.weChatJson(response));
			return;
		}
		this.logger.debug("Injecting " + fault + " into a call to " + path);
		switch (fault) {
			case BUSY -> write(response, HttpServletResponse.SC_OK, WeChatResponses.WECHAT_JSON_LABEL,
					this.responses.errorBody(WeChatError.SYSTEM_ERROR));
			case RATE_LIMIT -> write(response, HttpServletResponse.SC_OK, WeChatResponses.WECHAT_JSON_LABEL,
					this.responses.errorBody(WeChatError.MINUTE_QUOTA_REACHED));
			case HTTP_500 -> write(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, MediaType.TEXT_HTML_VALUE,
					SERVER_ERROR_PAGE);
			case MALFORMED_JSON -> write(response, HttpServletResponse.SC_OK, WeChatResponses.WECHAT_JSON_LABEL,
					TRUNCATED_JSON);
			case TEXT_PLAIN -> chain.doFilter(request, RelabelledResponse.textPlain(response));
			case TIMEOUT -> {
				if (sleep(this.timeoutFaultDelay)) {
					chain.doFilter(request, RelabelledResponse.weChatJson(response));
				}
			}
		}
	}

	private static void write(HttpServletResponse response, int status, String contentType, byte[] body)
			throws IOException {
		response.setStatus(status);
		response.setContentType(contentType);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** False when interrupted (the server is stopping): then there is nobody left to answer. */
	private static boolean sleep(Duration delay) {
		try {
			Thread.sleep(delay);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Sets the {@code Content-Type} label WeChat would. Spring renders media types without the space WeChat puts
	 * after the semicolon, so the label is rewritten here, where the exact text can still be chosen.
	 */
	private static final class RelabelledResponse extends HttpServletResponseWrapper {

		private static final String TEXT_PLAIN = "text/plain";

		private final boolean textPlain;

		private RelabelledResponse(HttpServletResponse response, boolean textPlain) {
			super(response);
			this.textPlain = textPlain;
		}

		/** {@code application/json; encoding=utf-8}, exactly. */
		static HttpServletResponse weChatJson(HttpServletResponse response) {
			return new RelabelledResponse(response, false);
		}

		/**
		 * The normal answer, but labelled {@code text/plain} with no charset, as WeChat has been seen to do: a
		 * client that decodes by the label rather than as UTF-8 garbles the nicknames.
		 */
		static HttpServletResponse textPlain(HttpServletResponse response) {
			RelabelledResponse relabelled = new RelabelledResponse(response, true);
			relabelled.setContentType(TEXT_PLAIN);
			return relabelled;
		}

		@Override
		public void setContentType(String type) {
			super.setContentType(relabel(type));
		}

		@Override
		public void setCharacterEncoding(String charset) {
			if (!this.textPlain) {
				super.setCharacterEncoding(charset);
			}
		}

		@Override
		public void setHeader(String name, String value) {
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				setContentType(value);
				return;
			}
			super.setHeader(name, value);
		}

		@Override
		public void addHeader(String name, String value) {
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				setContentType(value);
				return;
			}
			super.addHeader(name, value);
		}

		private String relabel(String type) {
			if (this.textPlain) {
				return TEXT_PLAIN;
			}
			boolean weChatJson = type != null && type.replace(" ", "")
				.equalsIgnoreCase(WeChatResponses.WECHAT_JSON_LABEL.replace(" ", ""));
			return weChatJson ? WeChatResponses.WECHAT_JSON_LABEL : type;
		}

	}

}
