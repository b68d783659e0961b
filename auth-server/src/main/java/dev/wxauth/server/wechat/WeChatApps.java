package dev.wxauth.server.wechat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

/**
 * Our WeChat apps in use: those configured by environment variables ({@code wxauth.wechat.apps}) and those added
 * through the admin API ({@link WeChatAppStore}), reread every {@code wxauth.wechat.apps-refresh-interval} so that
 * every instance follows a change within seconds; and which of them a registered client is bound to. A disabled app
 * is not in use. Lookups read a snapshot in memory: a login never waits for the database here.
 */
public final class WeChatApps {

	private static final Log logger = LogFactory.getLog(WeChatApps.class);

	/** Client setting naming the app a client is bound to. */
	public static final String CLIENT_SETTING = "settings.client.wxauth.wechat-app";

	/**
	 * Client setting naming, space-separated, the website and official-account apps a client's browser logins go
	 * through; absent: any of ours.
	 */
	public static final String LOGIN_APPS_SETTING = "settings.client.wxauth.wechat-login-apps";

	private final List<WeChatApp> environment;

	private final @Nullable WeChatAppStore store;

	private volatile List<WeChatApp> apps;

	private volatile Set<String> undecryptable = Set.of();

	private volatile List<WeChatApp> disabled = List.of();

	/** Only the apps of the environment: for tests of the pieces that read them. */
	public WeChatApps(WeChatProperties settings) {
		this(settings, null);
	}

	public WeChatApps(WeChatProperties settings, @Nullable WeChatAppStore store) {
		Assert.notNull(settings, "settings cannot be null");
		this.environment = settings.apps()
			.entrySet()
			.stream()
			.map((entry) -> new WeChatApp(entry.getKey(), entry.getValue().kind(), entry.getValue().appid(),
					entry.getValue().secret(), entry.getValue().scope(), blankToNull(entry.getValue().pushToken()),
					blankToNull(entry.getValue().encodingAesKey())))
			.sorted(Comparator.comparing(WeChatApp::name))
			.toList();
		this.store = store;
		this.apps = this.environment;
		if (store != null) {
			this.apps = inUse(store.all());
		}
	}

	/**
	 * Rereads the stored apps. The snapshot is replaced only when something changed, so that what is derived from
	 * it (the browser logins' client registrations) is derived again only then. When the database cannot be read,
	 * the apps known stay in use.
	 */
	@Scheduled(fixedDelayString = "${wxauth.wechat.apps-refresh-interval:2s}",
			initialDelayString = "${wxauth.wechat.apps-refresh-interval:2s}")
	public synchronized void refresh() {
		if (this.store == null) {
			return;
		}
		try {
			List<WeChatApp> current = inUse(this.store.all());
			if (!current.equals(this.apps)) {
				this.apps = current;
			}
		}
		catch (DataAccessException ex) {
			logger.warn("Could not reread the WeChat apps (the ones known stay in use): " + ex.getMessage());
		}
	}

	private List<WeChatApp> inUse(WeChatAppStore.Loaded stored) {
		Set<String> environmentNames = this.environment.stream().map(WeChatApp::name).collect(Collectors.toSet());
		List<WeChatApp> inUse = new ArrayList<>(this.environment);
		List<WeChatApp> disabled = new ArrayList<>();
		for (WeChatAppStore.StoredApp app : stored.apps()) {
			if (!environmentNames.contains(app.app().name())) {
				(app.disabled() ? disabled : inUse).add(app.app());
			}
		}
		this.disabled = List.copyOf(disabled);
		Set<String> undecryptable = Set.copyOf(stored.undecryptable());
		if (!undecryptable.isEmpty() && !undecryptable.equals(this.undecryptable)) {
			logger.error("The AppSecret of the WeChat apps " + undecryptable + " does not decrypt under this master"
					+ " key (were they stored under another WXAUTH_MASTER_KEY?): they are not used");
		}
		this.undecryptable = undecryptable;
		return List.copyOf(inUse);
	}

	/**
	 * The apps in use: the environment's first, by name, then the stored ones in the order they were added. The list
	 * is the same object until an app changes.
	 */
	public List<WeChatApp> all() {
		return this.apps;
	}

	/** The apps configured by environment variables, by name: they cannot be changed through the admin API. */
	public List<WeChatApp> environment() {
		return this.environment;
	}

	public Optional<WeChatApp> fromEnvironment(String name) {
		return this.environment.stream().filter((app) -> app.name().equals(name)).findFirst();
	}

	/**
	 * The kind of the app of that name, in use or disabled, read from the database for a stored one: for checking a
	 * client's binding, which may name a disabled app.
	 */
	public Optional<AppKind> kindOf(String name) {
		Optional<WeChatApp> configured = fromEnvironment(name);
		if (configured.isPresent() || this.store == null) {
			return configured.map(WeChatApp::kind);
		}
		return this.store.find(name).map(WeChatAppStore.StoredApp::kind);
	}

	/**
	 * Keeps a stored app from being deleted until the caller's transaction ends, so that a client bound to it in that
	 * transaction is never left bound to nothing.
	 * @return whether the app exists (in the environment, or stored)
	 */
	public boolean lockForBinding(String name) {
		return fromEnvironment(name).isPresent() || (this.store != null && this.store.lockForBinding(name));
	}

	/**
	 * Our name of the app in use with that appid (WeChat's id of it), to show a person which of our apps an identity
	 * of theirs came through without telling them the appid.
	 * @return empty for an appid no app in use has (any more)
	 */
	public Optional<String> nameOf(String appid) {
		Assert.notNull(appid, "appid cannot be null");
		return this.apps.stream().filter((app) -> app.appid().equals(appid)).map(WeChatApp::name).findFirst();
	}

	public Optional<WeChatApp> byName(String name) {
		return this.apps.stream().filter((app) -> app.name().equals(name)).findFirst();
	}

	/**
	 * The app of that name WeChat's pushes about its people may come from: in use, or disabled (a disabled app signs
	 * nobody in, but what a person withdraws through it must still go).
	 */
	public Optional<WeChatApp> receivingPushes(String name) {
		return byName(name).or(() -> this.disabled.stream().filter((app) -> app.name().equals(name)).findFirst());
	}

	/** The first app of that kind in {@link #all()}'s order: the one {@code /login} uses. */
	public Optional<WeChatApp> firstOfKind(AppKind kind) {
		return this.apps.stream().filter((app) -> app.kind() == kind).findFirst();
	}

	/** The app in use of that kind the client is bound to ({@link #CLIENT_SETTING}), if any. */
	public Optional<WeChatApp> boundTo(RegisteredClient client, AppKind kind) {
		Assert.notNull(client, "client cannot be null");
		String name = boundAppName(client);
		return (name != null) ? byName(name).filter((app) -> app.kind() == kind) : Optional.empty();
	}

	/** The apps the client's browser logins may go through ({@link #LOGIN_APPS_SETTING}); empty: any. */
	public static List<String> loginAppNames(RegisteredClient client) {
		Object apps = client.getClientSettings().getSetting(LOGIN_APPS_SETTING);
		return (apps instanceof String names && !names.isBlank()) ? List.of(names.trim().split(" +")) : List.of();
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value.strip() : null;
	}

	/** @return the name of the WeChat app the client is bound to, or {@code null} */
	public static @Nullable String boundAppName(RegisteredClient client) {
		Object app = client.getClientSettings().getSetting(CLIENT_SETTING);
		return (app instanceof String name && !name.isBlank()) ? name : null;
	}

}
