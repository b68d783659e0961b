package dev.wxauth.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The user-authorization API shared by website QR login, official-account web authorization and mobile apps
 * ({@code shared/wechat-api.md} §3): code exchange, refresh, user info, token check.
 */
@RestController
final class SnsController {

	private final Directory directory;

	private final IssuedCodes codes;

	private final SnsTokens tokens;

	private final WeChatResponses responses;

	SnsController(Directory directory, IssuedCodes codes, SnsTokens tokens, WeChatResponses responses) {
		Assert.notNull(directory, "directory cannot be null");
		Assert.notNull(codes, "codes cannot be null");
		Assert.notNull(tokens, "tokens cannot be null");
		Assert.notNull(responses, "responses cannot be null");
		this.directory = directory;
		this.codes = codes;
		this.tokens = tokens;
		this.responses = responses;
	}

	/** Exchanges a code for tokens; unionid only for {@code snsapi_userinfo}/{@code snsapi_login}. */
	@GetMapping("/sns/oauth2/access_token")
	ResponseEntity<byte[]> accessToken(@RequestParam(required = false) String appid,
			@RequestParam(required = false) String secret, @RequestParam(required = false) String code,
			@RequestParam(name = "grant_type", required = false) String grantType) {
		Credentials.require(appid, WeChatError.APPID_MISSING);
		Credentials.require(secret, WeChatError.APPSECRET_MISSING);
		Credentials.require(code, WeChatError.CODE_MISSING);
		Credentials.requireGrantType(grantType, "authorization_code");
		WeChatApp app = Credentials.authenticate(this.directory, appid, secret);
		Grant grant = switch (this.codes.authorizationCodes().redeem(code, app.appid())) {
			case SingleUseCodes.Redeemed redeemed -> redeemed.grant();
			case SingleUseCodes.Rejection.UNKNOWN -> throw WeChatError.INVALID_CODE.exception();
			case SingleUseCodes.Rejection.USED -> throw WeChatError.CODE_BEEN_USED.exception();
			case SingleUseCodes.Rejection.EXPIRED -> throw WeChatError.CODE_EXPIRED.exception();
		};
		Identity identity = Identity.of(grant.app(), grant.user(), grant.scope());
		SnsTokens.Issued issued = this.tokens
			.issue(new SnsTokens.Session(grant.app(), grant.user(), grant.scope(), identity));
		Map<String, Object> body = tokenBody(issued);
		if (identity.unionid() != null) {
			body.put("unionid", identity.unionid());
		}
		if (identity.snapshot()) {
			body.put("is_snapshotuser", 1);
		}
		return this.responses.ok(body);
	}

	/** Renews the access token; the refresh token itself keeps its original expiry. */
	@GetMapping("/sns/oauth2/refresh_token")
	ResponseEntity<byte[]> refreshToken(@RequestParam(required = false) String appid,
			@RequestParam(name = "grant_type", required = false) String grantType,
			@RequestParam(name = "refresh_token", required = false) String refreshToken) {
		Credentials.require(appid, WeChatError.APPID_MISSING);
		Credentials.requireGrantType(grantType, "refresh_token");
		Credentials.require(refreshToken, WeChatError.REFRESH_TOKEN_MISSING);
		WeChatApp app = this.directory.app(appid).orElseThrow(WeChatError.INVALID_APPID::exception);
		SnsTokens.Issued issued = switch (this.tokens.refresh(app.appid(), refreshToken)) {
			case SnsTokens.Issued refreshed -> refreshed;
			case SnsTokens.RefreshRejection.UNKNOWN -> throw WeChatError.INVALID_REFRESH_TOKEN.exception();
			case SnsTokens.RefreshRejection.EXPIRED -> throw WeChatError.REFRESH_TOKEN_EXPIRED.exception();
		};
		return this.responses.ok(tokenBody(issued));
	}

	/**
	 * The user's profile; needs a {@code snsapi_userinfo} or {@code snsapi_login} token. {@code lang} is accepted
	 * and ignored: the profiles are configured in one language.
	 */
	@GetMapping("/sns/userinfo")
	ResponseEntity<byte[]> userinfo(@RequestParam(name = "access_token", required = false) String accessToken,
			@RequestParam(required = false) String openid) {
		Credentials.require(accessToken, WeChatError.ACCESS_TOKEN_MISSING);
		Credentials.require(openid, WeChatError.OPENID_MISSING);
		SnsTokens.AccessToken token = this.tokens.accessToken(accessToken)
			.orElseThrow(WeChatError.INVALID_CREDENTIAL::exception);
		if (this.tokens.isExpired(token)) {
			throw WeChatError.ACCESS_TOKEN_EXPIRED.exception();
		}
		SnsTokens.Session session = token.session();
		if (!session.identity().openid().equals(openid)) {
			throw WeChatError.INVALID_OPENID.exception();
		}
		if (Identity.SNSAPI_BASE.equals(session.scope())) {
			throw WeChatError.API_UNAUTHORIZED.exception();
		}
		TestUser user = session.user();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("openid", session.identity().openid());
		body.put("nickname", user.nickname());
		body.put("sex", user.sex());
		body.put("province", user.province());
		body.put("city", user.city());
		body.put("country", user.country());
		body.put("headimgurl", user.headimgurl());
		body.put("privilege", List.of());
		if (session.identity().unionid() != null) {
			body.put("unionid", session.identity().unionid());
		}
		return this.responses.ok(body);
	}

	/** Whether a token is still valid for that openid: errcode 0, or 40003 for any reason it is not. */
	@GetMapping("/sns/auth")
	ResponseEntity<byte[]> auth(@RequestParam(name = "access_token", required = false) String accessToken,
			@RequestParam(required = false) String openid) {
		Credentials.require(accessToken, WeChatError.ACCESS_TOKEN_MISSING);
		Credentials.require(openid, WeChatError.OPENID_MISSING);
		boolean valid = this.tokens.accessToken(accessToken)
			.filter((token) -> !this.tokens.isExpired(token))
			.filter((token) -> token.session().identity().openid().equals(openid))
			.isPresent();
		if (!valid) {
			throw WeChatError.INVALID_OPENID.exception();
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("errcode", 0);
		body.put("errmsg", "ok");
		return this.responses.ok(body);
	}

	private Map<String, Object> tokenBody(SnsTokens.Issued issued) {
		SnsTokens.Session session = issued.accessToken().session();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", issued.accessToken().value());
		body.put("expires_in", this.tokens.accessTokenLifetime().toSeconds());
		body.put("refresh_token", issued.refreshToken().value());
		body.put("openid", session.identity().openid());
		body.put("scope", session.scope());
		return body;
	}

}
