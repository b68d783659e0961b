package dev.wxauth.server.grant;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wxauth.server.oauth2.TooManyRequestsError;
import dev.wxauth.server.properties.WxauthProperties;
import dev.wxauth.server.ratelimit.SlidingWindowLimit;
import dev.wxauth.server.wechat.WeChatApps;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The token endpoint's rate limits, per minute on this instance, checked once the client is authenticated and before
 * any grant reads the request (so, like {@link RequiredDPoPProofs}, it converts nothing):
 * <ul>
 * <li>every request of a confidential client counts for the client;</li>
 * <li>a public client is anyone who knows its {@code client_id}, so its requests count for the client on each
 * address ({@code client@address}), never for the client as a whole: a stranger cannot use up an app's allowance
 * with refresh tokens they make up;</li>
 * <li>a WeChat code grant, which costs a call to WeChat, and any request of a public client also count for the
 * client address, and a code grant for the client's WeChat app.</li>
 * </ul>
 * Every limit that applies must admit a request before any counts it, so a request one limit refuses uses up none of
 * the others. An IPv6 address counts by its /64, the block one subscriber gets.
 */
final class TokenRequestRateLimits implements AuthenticationConverter {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final SlidingWindowLimit perClient;

	private final SlidingWindowLimit perAddress;

	private final SlidingWindowLimit perApp;

	TokenRequestRateLimits(WxauthProperties.RateLimits limits) {
		// sketch widths: registered confidential clients and apps are few, addresses many
		this.perClient = new SlidingWindowLimit(limits.tokenRequestsPerClient(), MINUTE, 16384);
		this.perAddress = new SlidingWindowLimit(limits.wechatCodeGrantsPerAddress(), MINUTE, 16384);
		this.perApp = new SlidingWindowLimit(limits.wechatCodeGrantsPerApp(), MINUTE, 256);
	}

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		if (!(SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2ClientAuthenticationToken client)
				|| !client.isAuthenticated() || client.getRegisteredClient() == null) {
			return null;
		}
		RegisteredClient registeredClient = client.getRegisteredClient();
		boolean publicClient = ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod());
		boolean codeGrant = WeChatGrantTypes.isWeChatCodeGrant(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
		// only the limits that count by address need it: not a confidential client's own requests
		String address = (codeGrant || publicClient) ? addressKey(request.getRemoteAddr()) : null;
		List<Check> checks = new ArrayList<>(3);
		if (codeGrant || publicClient) {
			checks.add(new Check(this.perAddress, address, "Too many WeChat logins from this address"));
		}
		String app = registeredClient.getClientSettings().getSetting(WeChatApps.CLIENT_SETTING);
		if (codeGrant && app != null) {
			checks.add(new Check(this.perApp, app, "Too many WeChat logins for this app"));
		}
		checks.add(new Check(this.perClient,
				publicClient ? registeredClient.getClientId() + "@" + address : registeredClient.getClientId(),
				"Too many token requests from this client"));
		for (Check check : checks) {
			Duration wait = check.limit().waitFor(check.key());
			if (wait.isPositive()) {
				throw new OAuth2AuthenticationException(new TooManyRequestsError(check.refusal(), wait));
			}
		}
		checks.forEach((check) -> check.limit().count(check.key()));
		return null;
	}

	/** The address a limit counts: an IPv4 address, or the /64 of an IPv6 one. */
	static String addressKey(String remoteAddress) {
		if (remoteAddress.indexOf(':') < 0) {
			return remoteAddress;
		}
		try {
			// a literal: no name is looked up
			InetAddress address = InetAddress.getByName(remoteAddress);
			if (address instanceof Inet6Address) {
				byte[] bytes = address.getAddress();
				StringBuilder prefix = new StringBuilder();
				for (int i = 0; i < 8; i += 2) {
					prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
				}
				return prefix.append(":/64").toString();
			}
			return address.getHostAddress();
		}
		catch (UnknownHostException ex) {
			return remoteAddress;
		}
	}

	private record Check(SlidingWindowLimit limit, String key, String refusal) {
	}

}
