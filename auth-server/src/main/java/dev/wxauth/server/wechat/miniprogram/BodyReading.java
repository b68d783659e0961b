package dev.wxauth.server.wechat.miniprogram;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;

/**
 * A request body read as it arrives (Servlet non-blocking I/O, Servlet 6.1 §3.7), within a bound and a deadline for
 * the whole of it: no thread waits on a slow client, and a client that has not sent the whole body by the deadline
 * (however steadily it trickles) is answered then. For a handler method, which returns the answer to come.
 */
final class BodyReading {

	/** Why a body was not taken. */
	enum Failure {

		/** More than the bound. */
		TOO_LARGE,

		/** Not all of it by the deadline. */
		TOO_SLOW,

		/** The connection failed or closed before the end of it. */
		UNREADABLE

	}

	private BodyReading() {
	}

	/**
	 * Reads the request's body, then answers with {@code answer} of it (run on the thread the container calls back
	 * on; a {@link RuntimeException} it throws goes to the controller's exception handlers), or with
	 * {@code refusal} of why it was not taken.
	 * @param maxBytes the most a body may hold
	 * @param deadline how long the whole body may take to arrive, from now
	 */
	static DeferredResult<ResponseEntity<?>> read(HttpServletRequest request, int maxBytes, Duration deadline,
			Function<byte[], ResponseEntity<?>> answer, Function<Failure, ResponseEntity<?>> refusal) {
		Assert.isTrue(maxBytes > 0, "maxBytes must be positive");
		DeferredResult<ResponseEntity<?>> result = new DeferredResult<>(deadline.toMillis(),
				() -> refusal.apply(Failure.TOO_SLOW));
		// a read listener may be set only once the request is asynchronous: right after Spring MVC made it so
		WebAsyncUtils.getAsyncManager(request)
			.registerDeferredResultInterceptor(BodyReading.class, new DeferredResultProcessingInterceptor() {

				@Override
				public <T> void preProcess(NativeWebRequest webRequest, DeferredResult<T> deferred) throws IOException {
					ServletInputStream body = request.getInputStream();
					body.setReadListener(new Listener(body, maxBytes, result, answer, refusal));
				}

			});
		return result;
	}

	/** An answer there is already, in the shape {@link #read} returns. */
	static DeferredResult<ResponseEntity<?>> answered(ResponseEntity<?> answer) {
		DeferredResult<ResponseEntity<?>> result = new DeferredResult<>();
		result.setResult(answer);
		return result;
	}

	/** Called back by the container as the body arrives; at most once at a time. */
	private static final class Listener implements ReadListener {

		private final ServletInputStream in;

		private final int maxBytes;

		private final DeferredResult<ResponseEntity<?>> result;

		private final Function<byte[], ResponseEntity<?>> answer;

		private final Function<Failure, ResponseEntity<?>> refusal;

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private final byte[] buffer = new byte[8192];

		Listener(ServletInputStream in, int maxBytes, DeferredResult<ResponseEntity<?>> result,
				Function<byte[], ResponseEntity<?>> answer, Function<Failure, ResponseEntity<?>> refusal) {
			this.in = in;
			this.maxBytes = maxBytes;
			this.result = result;
			this.answer = answer;
			this.refusal = refusal;
		}

		@Override
		public void onDataAvailable() throws IOException {
			// reading until the stream is not ready asks to be called again; after an answer, nothing is read
			while (!this.result.isSetOrExpired() && this.in.isReady()) {
				int read = this.in.read(this.buffer);
				if (read < 0) {
					return;
				}
				this.body.write(this.buffer, 0, read);
				if (this.body.size() > this.maxBytes) {
					this.result.setResult(this.refusal.apply(Failure.TOO_LARGE));
				}
			}
		}

		@Override
		public void onAllDataRead() {
			if (this.result.isSetOrExpired()) {
				return;
			}
			try {
				this.result.setResult(this.answer.apply(this.body.toByteArray()));
			}
			catch (RuntimeException ex) {
				this.result.setErrorResult(ex);
			}
		}

		@Override
		public void onError(Throwable failure) {
			if (!this.result.isSetOrExpired()) {
				this.result.setResult(this.refusal.apply(Failure.UNREADABLE));
			}
		}

	}

}
