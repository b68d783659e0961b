package dev.wxauth.server.wechat.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@value #PATH}{@code /{app}}, the URL set as one of our apps' message push in WeChat's console: {@code GET} is
 * WeChat's check of the URL (its {@code echostr} back, as plain text), {@code POST} a message (answered
 * {@code success} when taken). Authenticated by WeChat's signature alone ({@link WeChatEventsSecurity}). A refusal is
 * a 4xx with RFC 9457 problem JSON saying why in a few words; a body larger than any push is not read.
 */
@RestController
final class WeChatPushController {

	static final String PATH = "/wechat/events";

	/** Far more than any push WeChat sends (its events are a few hundred bytes, encrypted a few more). */
	static final int MAX_BODY = 64 * 1024;

	private static final Log logger = LogFactory.getLog(WeChatPushController.class);

	private static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

	private final WeChatPushes pushes;

	WeChatPushController(WeChatPushes pushes) {
		this.pushes = pushes;
	}

	@GetMapping(PATH + "/{app}")
	ResponseEntity<String> verifyUrl(@PathVariable String app, @RequestParam(required = false) String signature,
			@RequestParam(required = false) String timestamp, @RequestParam(required = false) String nonce,
			@RequestParam(required = false) String echostr) {
		String echo = this.pushes.verifyUrl(app, new WeChatPushes.Signed(signature, timestamp, nonce, null, null),
				echostr);
		return ResponseEntity.ok().contentType(TEXT).body(echo);
	}

	@PostMapping(PATH + "/{app}")
	ResponseEntity<String> receive(@PathVariable String app, @RequestParam(required = false) String signature,
			@RequestParam(required = false) String timestamp, @RequestParam(required = false) String nonce,
			@RequestParam(name = "encrypt_type", required = false) String encryptType,
			@RequestParam(name = "msg_signature", required = false) String msgSignature, HttpServletRequest request)
			throws IOException {
		byte[] body = body(request);
		String answer = this.pushes.receive(app,
				new WeChatPushes.Signed(signature, timestamp, nonce, encryptType, msgSignature), body);
		return ResponseEntity.ok().contentType(TEXT).body(answer);
	}

	private static byte[] body(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > MAX_BODY) {
			throw InvalidPushException.tooLarge();
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(MAX_BODY + 1);
			if (body.length > MAX_BODY) {
				throw InvalidPushException.tooLarge();
			}
			return body;
		}
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(InvalidPushException ex) {
		return problem(ex.status(), ex.getMessage());
	}

	/** WeChat tries again when it gets no {@code success}: a database away is a reason to. */
	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> unavailable(RuntimeException ex) {
		logger.warn("A WeChat push could not be taken now: " + ex.getClass().getSimpleName());
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "The push could not be taken now; WeChat sends it again");
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
