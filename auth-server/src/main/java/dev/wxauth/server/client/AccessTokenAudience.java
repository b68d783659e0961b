package dev.wxauth.server.client;

import java.util.Arrays;
import java.util.List;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The resource servers a client's access tokens are for: their {@code aud} claim (RFC 9068 §3, the authorization
 * server's default resource indicator for the client). A resource server accepts an access token only when its
 * {@code aud} names the resource server (RFC 9068 §4), so a client gets tokens for the APIs its registration names
 * in the client setting {@link #CLIENT_SETTING}: resource identifiers (the API's URL, as RFC 8707 names resources),
 * separated by spaces as scopes are.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-3">RFC 9068 §3</a>
 */
public final class AccessTokenAudience {

	public static final String CLIENT_SETTING = "settings.client.wxauth.access-token-audience";

	private AccessTokenAudience() {
	}

	/** The resource identifiers the client's registration names, in order; empty when it names none. */
	public static List<String> of(RegisteredClient client) {
		Assert.notNull(client, "client cannot be null");
		Object audience = client.getClientSettings().getSetting(CLIENT_SETTING);
		return (audience instanceof String names) ? Arrays.asList(StringUtils.tokenizeToStringArray(names, " "))
				: List.of();
	}

	/** The registration, its access tokens for {@code audience} (replacing any audience it named). */
	public static RegisteredClient.Builder withAudience(RegisteredClient.Builder client, String... audience) {
		Assert.notNull(client, "client cannot be null");
		Assert.notEmpty(audience, "audience cannot be empty");
		for (String resource : audience) {
			Assert.isTrue(StringUtils.hasText(resource) && !StringUtils.containsWhitespace(resource),
					"a resource identifier cannot be blank or contain whitespace");
		}
		RegisteredClient registered = client.build();
		ClientSettings settings = ClientSettings.withSettings(registered.getClientSettings().getSettings())
			.setting(CLIENT_SETTING, String.join(" ", audience))
			.build();
		return RegisteredClient.from(registered).clientSettings(settings);
	}

}
