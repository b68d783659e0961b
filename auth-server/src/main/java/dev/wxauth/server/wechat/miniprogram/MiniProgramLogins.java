package dev.wxauth.server.wechat.miniprogram;

import java.util.UUID;

import dev.wxauth.server.audit.LoginEvents;
import dev.wxauth.server.federation.FederatedPrincipal;
import dev.wxauth.server.federation.FederatedUser;
import dev.wxauth.server.federation.LoginPolicy;
import dev.wxauth.server.federation.UserFederation;
import dev.wxauth.server.wechat.CodeRedemptions;
import dev.wxauth.server.wechat.MiniProgramSession;
import dev.wxauth.server.wechat.WeChatApiClient;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatIdentity;
import dev.wxauth.server.wechat.WeChatLoginAttempts;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * A mini-program's sign-in: its {@code wx.login()} code, sent to WeChat once ({@code sns/jscode2session}), gives
 * the person's openid, unionid and a new session key; the person is federated to our user and the session key kept
 * (encrypted), both in one transaction, so that a login never leaves a user without its session key or the other way
 * round. No profile comes with it. A login may also prove a phone number (a {@code getPhoneNumber} code), which
 * links a new identity to the person an operator registered by that number. Every login, failed or not, is told to
 * the {@link LoginEvents}.
 *
 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html">code2Session</a>
 */
public final class MiniProgramLogins {

	private final WeChatApiClient api;

	private final CodeRedemptions redemptions;

	private final UserFederation federation;

	private final SessionKeyStore sessionKeys;

	private final TransactionOperations transactions;

	private final PhoneNumberBinding phoneNumbers;

	private final LoginEvents loginEvents;

	public MiniProgramLogins(WeChatApiClient api, CodeRedemptions redemptions, UserFederation federation,
			SessionKeyStore sessionKeys, TransactionOperations transactions, PhoneNumberBinding phoneNumbers,
			LoginEvents loginEvents) {
		Assert.notNull(api, "api cannot be null");
		Assert.notNull(redemptions, "redemptions cannot be null");
		Assert.notNull(federation, "federation cannot be null");
		Assert.notNull(sessionKeys, "sessionKeys cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(loginEvents, "loginEvents cannot be null");
		this.api = api;
		this.redemptions = redemptions;
		this.federation = federation;
		this.sessionKeys = sessionKeys;
		this.transactions = transactions;
		this.phoneNumbers = phoneNumbers;
		this.loginEvents = loginEvents;
	}

	/**
	 * @param clientId the client the person signs in for
	 * @return the signed-in person, named by our user id
	 * @throws OAuth2AuthenticationException {@code invalid_grant} for a replayed, unknown or expired code, or the RFC
	 * error of WeChat's failure, or {@code access_denied} for someone {@code policy} does not let in; nothing is
	 * written then
	 */
	public OAuth2AuthenticationToken signIn(WeChatApp app, String clientId, String code, LoginPolicy policy)
			throws AuthenticationException {
		return signIn(app, clientId, code, policy, null);
	}

	/**
	 * {@link #signIn(WeChatApp, String, String, LoginPolicy)} with a phone number to prove: the phone code is traded with
	 * WeChat (a call WeChat bills, counted against the day's quotas) only when the identity is new, outside the
	 * login's transaction, and its number then links the identity to the person registered by it.
	 * @param phoneCode a {@code getPhoneNumber} button's code, or {@code null}
	 * @throws OAuth2AuthenticationException also {@code invalid_grant} for a phone code WeChat refuses
	 */
	public OAuth2AuthenticationToken signIn(WeChatApp app, String clientId, String code, LoginPolicy policy,
			@Nullable String phoneCode) throws AuthenticationException {
		FederatedUser user;
		WeChatIdentity identity;
		try {
			MiniProgramSession session = this.redemptions.redeemOnce(app, code,
					(redeemed) -> this.api.jscode2session(app, redeemed));
			identity = new WeChatIdentity(app.appid(), app.kind(), session.openid(), session.unionid(), null, null);
			user = federate(app, session, identity, policy, phoneCode);
		}
		catch (RuntimeException ex) {
			this.loginEvents.record(WeChatLoginAttempts.failed(app, clientId, ex));
			throw ex;
		}
		this.loginEvents.record(WeChatLoginAttempts.succeeded(app, clientId, user.id(), user.created()));
		return FederatedPrincipal.authentication(user.id(), identity, app.name());
	}

	private FederatedUser federate(WeChatApp app, MiniProgramSession session, WeChatIdentity identity,
			LoginPolicy policy, @Nullable String phoneCode) {
		UUID known = (phoneCode != null) ? this.federation.returning(identity).orElse(null) : null;
		boolean nobodyKnown = phoneCode != null && known == null
				&& (session.unionid() == null || !this.federation.knowsUnionid(session.unionid()));
		String verifiedPhoneNumber = nobodyKnown
				? this.phoneNumbers.verify(app, session.openid(), null, phoneCode).e164()
				: null;
		return this.transactions.execute((tx) -> {
			FederatedUser federated = (known != null) ? new FederatedUser(known, false)
					: this.federation.federate(identity, policy, verifiedPhoneNumber);
			this.sessionKeys.save(app.appid(), session.openid(), session.sessionKey());
			return federated;
		});
	}

}
