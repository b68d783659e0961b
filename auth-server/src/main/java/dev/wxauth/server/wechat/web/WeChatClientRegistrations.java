package dev.wxauth.server.wechat.web;

import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.wxauth.server.wechat.AppKind;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Each browser-facing WeChat app (website, official account) as a Spring Security client registration, so that
 * {@code oauth2Login} runs the redirect / callback dance; the WeChat dialect is taught to it by
 * {@link WeChatAuthorizationRequestCustomizer}, {@link WeChatCodeTokenResponseClient} (which sends the secret WeChat's
 * way) and {@link WeChatOAuth2UserService} (which reads the profile itself).
 * Follows the apps in use: derived again whenever {@link WeChatApps#all()} changes. May be empty: then there is no
 * way to sign in in a browser.
 */
public final class WeChatClientRegistrations implements ClientRegistrationRepository, Iterable<ClientRegistration> {

	private final WeChatApps apps;

	private final URI openBaseUrl;

	private final URI apiBaseUrl;

	private volatile Derived derived;

	public WeChatClientRegistrations(WeChatApps apps, URI openBaseUrl, URI apiBaseUrl) {
		Assert.notNull(apps, "apps cannot be null");
		Assert.notNull(openBaseUrl, "openBaseUrl cannot be null");
		Assert.notNull(apiBaseUrl, "apiBaseUrl cannot be null");
		this.apps = apps;
		this.openBaseUrl = openBaseUrl;
		this.apiBaseUrl = apiBaseUrl;
		this.derived = derive(apps.all());
	}

	private Map<String, ClientRegistration> registrations() {
		List<WeChatApp> current = this.apps.all();
		Derived derived = this.derived;
		if (derived.from() != current) {
			derived = derive(current);
			this.derived = derived;
		}
		return derived.registrations();
	}

	private Derived derive(List<WeChatApp> apps) {
		return new Derived(apps, apps.stream()
			.filter((app) -> app.kind() == AppKind.WEBSITE || app.kind() == AppKind.OFFICIAL_ACCOUNT)
			.map((app) -> registration(app, this.openBaseUrl, this.apiBaseUrl))
			.collect(Collectors.toUnmodifiableMap(ClientRegistration::getRegistrationId, Function.identity())));
	}

	private static ClientRegistration registration(WeChatApp app, URI openBaseUrl, URI apiBaseUrl) {
		boolean website = app.kind() == AppKind.WEBSITE;
		String scope = website ? "snsapi_login"
				: (StringUtils.hasText(app.scope()) ? app.scope() : "snsapi_userinfo");
		return ClientRegistration.withRegistrationId(app.name())
			.clientId(app.appid())
			.clientSecret(app.secret())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.scope(scope)
			.authorizationUri(url(openBaseUrl, website ? "/connect/qrconnect" : "/connect/oauth2/authorize"))
			.tokenUri(url(apiBaseUrl, "/sns/oauth2/access_token"))
			.clientName(website ? "WeChat" : "WeChat (official account)")
			.build();
	}

	private static String url(URI base, String path) {
		return UriComponentsBuilder.fromUri(base).path(path).toUriString();
	}

	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		return registrations().get(registrationId);
	}

	@Override
	public Iterator<ClientRegistration> iterator() {
		return List.copyOf(registrations().values()).iterator();
	}

	/** The registrations of one list of apps: {@code from} is compared by identity, the cheap check per lookup. */
	private record Derived(List<WeChatApp> from, Map<String, ClientRegistration> registrations) {
	}

}
