package dev.wxauth.emulator;

import org.springframework.util.Assert;

/**
 * A push WeChat sends to an app's server about one of its people, as tests ask the emulator for it: which app, which
 * event, about whom, in which mode and format, and optionally when (a signed timestamp and nonce of the test's
 * choosing, to send the same push twice or a stale one) and what to forge.
 *
 * @param appid the app whose push URL gets it
 * @param event {@code user_authorization_revoke}, {@code user_authorization_cancellation},
 * {@code user_info_modified}, or any other event name
 * @param user the test user it is about (their openid and unionid at that app); or {@code null} with {@code openid}
 * @param openid an openid of the test's choosing, when {@code user} is {@code null}
 * @param mode {@code plain}, or {@code aes} (WeChat's safe mode); {@code null}: {@code aes} when the app has an
 * EncodingAESKey
 * @param format {@code xml} (the default) or {@code json}
 * @param timestamp the signed timestamp (epoch seconds); {@code null}: now
 * @param nonce the signed nonce; {@code null}: a fresh one
 * @param forge what to get wrong: {@code signature} (signed with another token), {@code msg_signature} (the
 * ciphertext's signature with another token), {@code appid} (encrypted for another app); {@code null}: nothing
 * @param straySpaces JSON names with a space in front ({@code " OpenID"}), as one of WeChat's own samples has them
 */
public record PushRequest(String appid, String event, String user, String openid, String mode, String format,
		Long timestamp, String nonce, String forge, boolean straySpaces) {

	public PushRequest {
		Assert.hasText(appid, "appid cannot be empty");
		Assert.hasText(event, "event cannot be empty");
		Assert.isTrue(user != null || openid != null, "a push is about a user or an openid");
		Assert.isTrue(mode == null || mode.equals("plain") || mode.equals("aes"), "mode is plain or aes");
		Assert.isTrue(format == null || format.equals("xml") || format.equals("json"), "format is xml or json");
		Assert.isTrue(forge == null || forge.equals("signature") || forge.equals("msg_signature")
				|| forge.equals("appid"), "forge is signature, msg_signature or appid");
	}

	/** {@code event} about {@code user}, to {@code appid}'s push URL: in its console's mode, as XML, now. */
	public static PushRequest of(String appid, String event, String user) {
		return new PushRequest(appid, event, user, null, null, null, null, null, null, false);
	}

	/** {@code event} about whoever has {@code openid} at {@code appid}. */
	public static PushRequest aboutOpenid(String appid, String event, String openid) {
		return new PushRequest(appid, event, null, openid, null, null, null, null, null, false);
	}

	public PushRequest mode(String newMode) {
		return new PushRequest(this.appid, this.event, this.user, this.openid, newMode, this.format, this.timestamp,
				this.nonce, this.forge, this.straySpaces);
	}

	public PushRequest format(String newFormat) {
		return new PushRequest(this.appid, this.event, this.user, this.openid, this.mode, newFormat, this.timestamp,
				this.nonce, this.forge, this.straySpaces);
	}

	/** Signed with this timestamp and nonce: the same again is a replay. */
	public PushRequest signedAt(long newTimestamp, String newNonce) {
		return new PushRequest(this.appid, this.event, this.user, this.openid, this.mode, this.format, newTimestamp,
				newNonce, this.forge, this.straySpaces);
	}

	public PushRequest forging(String what) {
		return new PushRequest(this.appid, this.event, this.user, this.openid, this.mode, this.format, this.timestamp,
				this.nonce, what, this.straySpaces);
	}

	public PushRequest withStraySpaces() {
		return new PushRequest(this.appid, this.event, this.user, this.openid, this.mode, this.format, this.timestamp,
				this.nonce, this.forge, true);
	}

}
