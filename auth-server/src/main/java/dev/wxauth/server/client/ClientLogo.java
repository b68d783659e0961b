package dev.wxauth.server.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

/**
 * The client's logo (RFC 7591 §2 {@code logo_uri}), shown beside its name on the consent page: an {@code https} URL
 * of an image, in the client setting {@link #CLIENT_SETTING}. The page lets its browser load images from the logo's
 * origin alone, so the URL must name that origin plainly: a DNS name or an IP address, no user name or password, no
 * fragment. A stored URL that does not (written before these rules, or by hand) is as good as none.
 *
 * @param uri the URL as registered
 * @param origin its scheme, host and port, as a Content-Security-Policy source names it
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-2">RFC 7591 §2</a>
 */
public record ClientLogo(String uri, String origin) {

	public static final String CLIENT_SETTING = "settings.client.wxauth.logo-uri";

	private static final int MAX_LENGTH = 2000;

	/** A DNS name or IPv4 address, or an IPv6 address in brackets: nothing that could end a CSP source. */
	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

	public ClientLogo {
		Assert.hasText(uri, "uri cannot be empty");
		Assert.hasText(origin, "origin cannot be empty");
	}

	/** The client's logo, when its registration names one that follows the rules. */
	public static Optional<ClientLogo> of(RegisteredClient client) {
		Assert.notNull(client, "client cannot be null");
		Object uri = client.getClientSettings().getSetting(CLIENT_SETTING);
		return (uri instanceof String text) ? parse(text) : Optional.empty();
	}

	/** What is wrong with {@code text} as a logo URL, or {@code null}. */
	public static @Nullable String problem(String text) {
		Assert.notNull(text, "text cannot be null");
		return parse(text).isPresent() ? null
				: "must be an https URL of at most " + MAX_LENGTH + " characters, with a host name or address and no "
						+ "user name, password or fragment";
	}

	private static Optional<ClientLogo> parse(String text) {
		if (text.length() > MAX_LENGTH || text.contains("#")) {
			return Optional.empty();
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
		if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawUserInfo() != null || uri.getHost() == null
				|| !HOST.matcher(uri.getHost()).matches()) {
			return Optional.empty();
		}
		String port = (uri.getPort() != -1) ? ":" + uri.getPort() : "";
		return Optional.of(new ClientLogo(text, "https://" + uri.getHost().toLowerCase() + port));
	}

}
