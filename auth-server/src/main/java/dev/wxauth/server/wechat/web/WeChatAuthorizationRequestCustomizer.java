package dev.wxauth.server.wechat.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

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
			.authorizationRequestUri((uri) -> withEncodedRedirectUri(uri.fragment("wechat_redirect").build()));
	}

	/**
	 * WeChat wants {@code redirect_uri} percent-encoded whole ({@code http%3A%2F%2F...}); RFC 3986 lets ':' and '/'
	 * stand in a query, so the standard builder leaves them.
	 */
	private static URI withEncodedRedirectUri(URI uri) {
		UriComponents components = UriComponentsBuilder.fromUri(uri).build(true);
		StringJoiner query = new StringJoiner("&");
		components.getQueryParams().forEach((name, values) -> values.forEach((value) -> {
			String encoded = (OAuth2ParameterNames.REDIRECT_URI.equals(name) && value != null)
					? URLEncoder.encode(UriUtils.decode(value, StandardCharsets.UTF_8), StandardCharsets.UTF_8) : value;
			query.add((encoded != null) ? name + "=" + encoded : name);
		}));
		return UriComponentsBuilder.fromUri(uri).replaceQuery(query.toString()).build(true).toUri();
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
