package dev.wxauth.emulator;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The mini-program login and phone-number APIs ({@code shared/wechat-api.md} §5). Their codes come from
 * {@code POST /emulator/js-code} and {@code POST /emulator/phone-code}, standing in for {@code wx.login} and the
 * {@code getPhoneNumber} button.
 */
@RestController
final class MiniProgramController {

	private final Directory directory;

	private final IssuedCodes codes;

	private final AppAccessTokens appAccessTokens;

	private final WeChatResponses responses;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	MiniProgramController(Directory directory, IssuedCodes codes, AppAccessTokens appAccessTokens,
			WeChatResponses responses, JsonMapper jsonMapper, Clock clock) {
		Assert.notNull(directory, "directory cannot be null");
		Assert.notNull(codes, "codes cannot be null");
		Assert.notNull(appAccessTokens, "appAccessTokens cannot be null");
		Assert.notNull(responses, "responses cannot be null");
		Assert.notNull(jsonMapper, "jsonMapper cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.directory = directory;
		this.codes = codes;
		this.appAccessTokens = appAccessTokens;
		this.responses = responses;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	/**
	 * Exchanges a {@code wx.login} code for the user's ids and a new {@code session_key}. An expired code is 40029
	 * here (the documented table knows no "code expired"); a used one 40163, as seen in practice.
	 */
	@GetMapping("/sns/jscode2session")
	ResponseEntity<byte[]> jscode2session(@RequestParam(required = false) String appid,
			@RequestParam(required = false) String secret,
			@RequestParam(name = "js_code", required = false) String jsCode,
			@RequestParam(name = "grant_type", required = false) String grantType) {
		Credentials.require(appid, WeChatError.APPID_MISSING);
		Credentials.require(secret, WeChatError.APPSECRET_MISSING);
		Credentials.require(jsCode, WeChatError.CODE_MISSING);
		Credentials.requireGrantType(grantType, "authorization_code");
		WeChatApp app = Credentials.authenticate(this.directory, appid, secret);
		Grant grant = switch (this.codes.jsCodes().redeem(jsCode, app.appid())) {
			case SingleUseCodes.Redeemed redeemed -> redeemed.grant();
			case SingleUseCodes.Rejection.USED -> throw WeChatError.CODE_BEEN_USED.exception();
			case SingleUseCodes.Rejection.UNKNOWN, SingleUseCodes.Rejection.EXPIRED ->
				throw WeChatError.INVALID_CODE.exception();
		};
		Identity identity = Identity.ofMiniProgram(grant.app(), grant.user());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("session_key", RandomValues.sessionKey());
		body.put("openid", identity.openid());
		if (identity.unionid() != null) {
			body.put("unionid", identity.unionid());
		}
		return this.responses.ok(body);
	}

	/**
	 * Exchanges a {@code getPhoneNumber} code for the user's phone number. A used, expired or missing code, or one
	 * of another app, is 40029; an {@code openid} naming someone else than the code's user is 40003.
	 */
	@PostMapping("/wxa/business/getuserphonenumber")
	ResponseEntity<byte[]> getuserphonenumber(HttpServletRequest httpRequest) {
		byte[] requestBody = JsonBodies.read(httpRequest);
		String accessToken = httpRequest.getParameter("access_token");
		Credentials.require(accessToken, WeChatError.ACCESS_TOKEN_MISSING);
		String appid = this.appAccessTokens.appidOf(accessToken).orElseThrow(WeChatError.INVALID_CREDENTIAL::exception);
		JsonNode request = JsonBodies.parseObject(this.jsonMapper, requestBody);
		Grant grant = switch (this.codes.phoneCodes().redeem(JsonBodies.text(request, "code"), appid)) {
			case SingleUseCodes.Redeemed redeemed -> redeemed.grant();
			case SingleUseCodes.Rejection rejection -> throw WeChatError.INVALID_CODE.exception();
		};
		String openid = JsonBodies.text(request, "openid");
		if (openid != null && !openid.equals(Identity.openid(appid, grant.user().id()))) {
			throw WeChatError.INVALID_OPENID.exception();
		}
		TestUser user = grant.user();
		Map<String, Object> watermark = new LinkedHashMap<>();
		watermark.put("timestamp", this.clock.instant().getEpochSecond());
		watermark.put("appid", appid);
		Map<String, Object> phoneInfo = new LinkedHashMap<>();
		// WeChat shows a foreign number with its calling code; a mainland one without.
		phoneInfo.put("phoneNumber", (user.countryCode() == 86) ? user.phoneNumber()
				: "+" + user.countryCode() + " " + user.phoneNumber());
		phoneInfo.put("purePhoneNumber", user.phoneNumber());
		phoneInfo.put("countryCode", user.countryCode());
		phoneInfo.put("watermark", watermark);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("errcode", 0);
		body.put("errmsg", "ok");
		body.put("phone_info", phoneInfo);
		return this.responses.ok(body);
	}

}
