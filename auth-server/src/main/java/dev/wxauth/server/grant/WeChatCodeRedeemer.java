package dev.wxauth.server.grant;

import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatException;
import dev.wxauth.server.wechat.WeChatIdentity;

/**
 * Trades a WeChat code for the identity behind it, the WeChat way for one kind of app.
 */
@FunctionalInterface
public interface WeChatCodeRedeemer {

	/**
	 * Calls WeChat; writes nothing.
	 * @throws WeChatException when WeChat refuses the code or cannot be reached
	 */
	Redemption redeem(WeChatApp app, String code);

	/**
	 * What a code was traded for.
	 * @param identity who signed in
	 * @param persist what to store along with the login, run inside its transaction (e.g. the session key)
	 */
	record Redemption(WeChatIdentity identity, Runnable persist) {

		public static Redemption of(WeChatIdentity identity) {
			return new Redemption(identity, () -> {
			});
		}

	}

}
