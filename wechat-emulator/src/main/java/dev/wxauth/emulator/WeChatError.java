package dev.wxauth.emulator;

/**
 * The errcodes the emulator answers, with WeChat's own {@code errmsg} texts (the {@code rid} suffix is added when
 * rendered). See {@code shared/wechat-api.md} §7.
 */
enum WeChatError {

	SYSTEM_ERROR(-1, "system error"),

	INVALID_CREDENTIAL(40001, "invalid credential, access_token is invalid or not latest"),

	INVALID_GRANT_TYPE(40002, "invalid grant_type"),

	INVALID_OPENID(40003, "invalid openid"),

	INVALID_APPID(40013, "invalid appid"),

	INVALID_CODE(40029, "invalid code"),

	INVALID_REFRESH_TOKEN(40030, "invalid refresh_token"),

	INVALID_APPSECRET(40125, "invalid appsecret"),

	IP_NOT_IN_WHITELIST(40164, "invalid ip, not in whitelist"),

	APPSECRET_FROZEN(40243, "AppSecret is frozen"),

	CODE_BEEN_USED(40163, "code been used"),

	ACCESS_TOKEN_MISSING(41001, "access_token missing"),

	APPID_MISSING(41002, "appid missing"),

	REFRESH_TOKEN_MISSING(41003, "refresh_token missing"),

	APPSECRET_MISSING(41004, "appsecret missing"),

	CODE_MISSING(41008, "missing code"),

	OPENID_MISSING(41009, "missing openid"),

	ACCESS_TOKEN_EXPIRED(42001, "access_token expired"),

	REFRESH_TOKEN_EXPIRED(42002, "refresh_token expired"),

	CODE_EXPIRED(42003, "code expired"),

	MINUTE_QUOTA_REACHED(45011, "api minute-quota reach limit"),

	DATA_FORMAT_ERROR(47001, "data format error"),

	API_UNAUTHORIZED(48001, "api unauthorized");

	private final int errcode;

	private final String errmsg;

	WeChatError(int errcode, String errmsg) {
		this.errcode = errcode;
		this.errmsg = errmsg;
	}

	int errcode() {
		return this.errcode;
	}

	String errmsg() {
		return this.errmsg;
	}

	WeChatException exception() {
		return new WeChatException(this);
	}

}
