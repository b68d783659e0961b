package dev.wxauth.emulator;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders answers the way {@code api.weixin.qq.com} does: UTF-8 JSON labelled with the non-standard
 * {@code application/json; encoding=utf-8}, business errors as HTTP 200 {@code {"errcode","errmsg"}} whose errmsg
 * ends with a {@code rid} trace id. Also turns the emulator's control errors into plain {@code {"error"}} answers.
 */
@RestControllerAdvice
final class WeChatResponses {

	/** {@code encoding=} where a standard server would say {@code charset=}: clients must not trust either. */
	static final String WECHAT_JSON_LABEL = "application/json; encoding=utf-8";

	static final MediaType WECHAT_JSON = MediaType.parseMediaType(WECHAT_JSON_LABEL);

	private final JsonMapper jsonMapper;

	private final Clock clock;

	WeChatResponses(JsonMapper jsonMapper, Clock clock) {
		Assert.notNull(jsonMapper, "jsonMapper cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	ResponseEntity<byte[]> ok(Map<String, ?> body) {
		return ResponseEntity.ok().contentType(WECHAT_JSON).body(this.jsonMapper.writeValueAsBytes(body));
	}

	ResponseEntity<byte[]> error(WeChatError error) {
		return ResponseEntity.ok().contentType(WECHAT_JSON).body(errorBody(error));
	}

	byte[] errorBody(WeChatError error) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("errcode", error.errcode());
		body.put("errmsg", error.errmsg() + ", rid: " + rid());
		return this.jsonMapper.writeValueAsBytes(body);
	}

	byte[] json(Object value) {
		return this.jsonMapper.writeValueAsBytes(value);
	}

	/** Like WeChat's {@code 6206378a-793424c0-2e4091cc}: the epoch second, then two random words, in hex. */
	private String rid() {
		return String.format("%08x-%08x-%08x", this.clock.instant().getEpochSecond(), RandomValues.nextInt(),
				RandomValues.nextInt());
	}

	@ExceptionHandler
	ResponseEntity<byte[]> weChatError(WeChatException ex) {
		return error(ex.error());
	}

	@ExceptionHandler
	ResponseEntity<byte[]> controlError(EmulatorControlException ex) {
		return ResponseEntity.status(ex.status())
			.contentType(MediaType.APPLICATION_JSON)
			.body(json(Map.of("error", ex.getMessage())));
	}

}
