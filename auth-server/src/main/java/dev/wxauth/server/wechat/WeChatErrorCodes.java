package dev.wxauth.server.wechat;

import java.util.Map;

/**
 * The one table from WeChat's errcodes to what they mean for us. Codes not listed are treated as
 * {@link WeChatException.Kind#MISCONFIGURED}: an answer we do not understand is our problem, not the user's.
 *
 * @see <a href="https://developers.weixin.qq.com/doc/oplatform/Return_codes/Return_code_descriptions_new.html">
 * WeChat global return codes</a>
 */
final class WeChatErrorCodes {

	static final int BUSY = -1;

	private static final Map<Integer, WeChatException.Kind> KINDS = Map.ofEntries(
			Map.entry(BUSY, WeChatException.Kind.UNAVAILABLE),
			Map.entry(45009, WeChatException.Kind.UNAVAILABLE), // daily quota
			Map.entry(45011, WeChatException.Kind.UNAVAILABLE), // minute quota
			Map.entry(40029, WeChatException.Kind.INVALID_GRANT), // invalid code
			Map.entry(40163, WeChatException.Kind.INVALID_GRANT), // code been used
			Map.entry(42003, WeChatException.Kind.INVALID_GRANT), // code expired
			Map.entry(40030, WeChatException.Kind.INVALID_GRANT), // invalid refresh_token
			Map.entry(42002, WeChatException.Kind.INVALID_GRANT), // refresh_token expired
			Map.entry(40003, WeChatException.Kind.INVALID_GRANT), // the code belongs to another openid
			Map.entry(40226, WeChatException.Kind.DENIED), // high-risk user
			Map.entry(50001, WeChatException.Kind.DENIED), // user unauthorized
			Map.entry(50002, WeChatException.Kind.DENIED), // user limited
			Map.entry(40013, WeChatException.Kind.MISCONFIGURED), // invalid appid
			Map.entry(40125, WeChatException.Kind.MISCONFIGURED), // invalid appsecret
			Map.entry(40243, WeChatException.Kind.MISCONFIGURED), // appsecret frozen
			Map.entry(40164, WeChatException.Kind.MISCONFIGURED), // calling IP not on the allow-list
			Map.entry(61004, WeChatException.Kind.MISCONFIGURED), // calling IP not on the allow-list
			// the app access token rejected: AppAccessTokens fetches another and retries once
			Map.entry(40001, WeChatException.Kind.MISCONFIGURED), // invalid credential
			Map.entry(40014, WeChatException.Kind.MISCONFIGURED), // invalid access token
			Map.entry(42001, WeChatException.Kind.MISCONFIGURED)); // access token expired

	private static final String CHECK_THE_APP = "check the app's appid, secret and permissions on the WeChat platform";

	// What an operator must do, for the errcodes an operator meets: the log says it beside the errcode.
	private static final Map<Integer, String> OPERATOR_ACTIONS = Map.of(
			40013, "the appid is wrong: check wxauth.wechat.apps.<name>.appid",
			40125, "the AppSecret is wrong: set wxauth.wechat.apps.<name>.secret to the app's current AppSecret",
			40243, "the AppSecret is frozen: unfreeze or reset it on the WeChat platform, then update"
					+ " wxauth.wechat.apps.<name>.secret",
			40164, "this server's outgoing IP is not on the app's IP allow-list: add it on the WeChat platform",
			61004, "this server's outgoing IP is not on the app's IP allow-list: add it on the WeChat platform");

	private WeChatErrorCodes() {
	}

	static WeChatException.Kind kindOf(int errcode) {
		return KINDS.getOrDefault(errcode, WeChatException.Kind.MISCONFIGURED);
	}

	/** What the operator should do about a {@link WeChatException.Kind#MISCONFIGURED} errcode. */
	static String operatorAction(int errcode) {
		return OPERATOR_ACTIONS.getOrDefault(errcode, CHECK_THE_APP);
	}

	/** Whether the errcode is one of this table's: metrics tag the others as one. */
	static boolean isKnown(int errcode) {
		return KINDS.containsKey(errcode);
	}

	static boolean isRetryable(int errcode) {
		return errcode == BUSY;
	}

}
