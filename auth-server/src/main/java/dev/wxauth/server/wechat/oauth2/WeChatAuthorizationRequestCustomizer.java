package dev.wxauth.server.wechat.oauth2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;

/**
 * Rewrites a standard authorization request into WeChat's: {@code appid} instead of {@code client_id}, the
 * parameters in the order WeChat documents (its official-account page is known to reject other orders), no PKCE
 * or nonce (WeChat knows neither), and the {@code #wechat_redirect} fragment WeChat requires.
 *
 * @see <a href="https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html">
 * Official account web authorization</a>
 */
public final class WeChatAuthorizationRequestCustomizer implements Consumer<OAuth2AuthorizationRequest.Builder> {

	private static final List<String> ORDER = List.of("appid", OAuth2ParameterNames.REDIRECT_URI,
			OAuth2ParameterNames.RESPONSE_TYPE, OAuth2ParameterNames.SCOPE, OAuth2ParameterNames.STATE);

	private static final List<String> UNSUPPORTED = List.of(PkceParameterNames.CODE_CHALLENGE,
			PkceParameterNames.CODE_CHALLENGE_METHOD, OidcParameterNames.NONCE);

	@Override
	public void accept(OAuth2AuthorizationRequest.Builder builder) {
		builder.parameters(WeChatAuthorizationRequestCustomizer::toWeChatParameters)
			.authorizationRequestUri((uri) -> uri.fragment("wechat_redirect").build());
	}

	private static void toWeChatParameters(Map<String, Object> parameters) {
		Map<String, Object> standard = new LinkedHashMap<>(parameters);
		standard.put("appid", standard.remove(OAuth2ParameterNames.CLIENT_ID));
		UNSUPPORTED.forEach(standard::remove);
		parameters.clear();
		ORDER.forEach((name) -> {
			Object value = standard.remove(name);
			if (value != null) {
				parameters.put(name, value);
			}
		});
		parameters.putAll(standard);
	}

}
