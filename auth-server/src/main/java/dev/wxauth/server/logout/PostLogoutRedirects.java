package dev.wxauth.server.logout;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Where a person goes back to after signing out: a {@code post_logout_redirect_uri} the client registered, exactly,
 * with the client's {@code state}; nowhere else, so that the logout pages redirect to no address an attacker chose.
 */
final class PostLogoutRedirects {

	private final RegisteredClientRepository clients;

	PostLogoutRedirects(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	/** The address to send the person to, or {@code null} when the client did not register {@code redirectUri}. */
	@Nullable String target(@Nullable String clientId, @Nullable String redirectUri, @Nullable String state) {
		if (!StringUtils.hasText(clientId) || !StringUtils.hasText(redirectUri)) {
			return null;
		}
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null || !client.getPostLogoutRedirectUris().contains(redirectUri)) {
			return null;
		}
		UriComponentsBuilder target = UriComponentsBuilder.fromUriString(redirectUri);
		if (StringUtils.hasText(state)) {
			target.queryParam("state", UriUtils.encode(state, StandardCharsets.UTF_8));
		}
		return target.build(true).toUriString();
	}

}
