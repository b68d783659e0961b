package dev.wxauth.server.logout;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import dev.wxauth.server.authorization.GrantingSessions;
import dev.wxauth.server.properties.WxauthProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

/**
 * OpenID Connect Back-Channel Logout 1.0: when a browser session ends, every client that got an ID token in it and
 * registered a back-channel logout URI ({@link #URI_SETTING}) receives a logout token for the session, POSTed from
 * server to server ({@code logout_token=...}, form-encoded).
 * <p>
 * The person's logout never waits for a client: it only records what is owed ({@link LogoutNotices}, in the
 * transaction that revokes the session's authorizations), then delivery starts on another thread. A client that does
 * not answer 2xx within the timeout is tried again, waiting twice as long each time, until the attempts run out.
 * Notices live in PostgreSQL, so a restart loses none, and an instance claims each one before sending it, so one
 * instance sends it; every instance looks for notices due ({@code wxauth.back-channel-logout.poll-interval}). A
 * notice may be sent twice when an instance stops between the client's answer and the notice's removal: the spec's
 * {@code jti} and the session already being gone make that harmless to the client.
 *
 * @see <a href="https://openid.net/specs/openid-connect-backchannel-1_0.html#BCRequest">Back-Channel Logout
 * §2.5</a>
 */
public final class BackChannelLogouts implements DisposableBean {

	/**
	 * The client setting that holds the client's back-channel logout URI ({@code backchannel_logout_uri} of
	 * Back-Channel Logout §2.2): an absolute {@code https} (or {@code http}) URI without a fragment. The logout
	 * token always carries {@code sid}, so every client gets what {@code backchannel_logout_session_required}
	 * asks for.
	 */
	public static final String URI_SETTING = "settings.client.wxauth.backchannel-logout-uri";

	private static final Log logger = LogFactory.getLog(BackChannelLogouts.class);

	/** Notices claimed at once by one instance. */
	private static final int BATCH = 100;

	private final GrantingSessions sessions;

	private final RegisteredClientRepository clients;

	private final LogoutNotices notices;

	private final LogoutTokens tokens;

	private final WxauthProperties.BackChannelLogout settings;

	private final HttpClient http;

	private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();

	BackChannelLogouts(GrantingSessions sessions, RegisteredClientRepository clients, LogoutNotices notices,
			LogoutTokens tokens, WxauthProperties.BackChannelLogout settings) {
		Assert.notNull(sessions, "sessions cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(notices, "notices cannot be null");
		Assert.notNull(tokens, "tokens cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.sessions = sessions;
		this.clients = clients;
		this.notices = notices;
		this.tokens = tokens;
		this.settings = settings;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(settings.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** {@code client}'s back-channel logout URI, or {@code null} when it registered none, or none usable. */
	static @Nullable URI uri(RegisteredClient client) {
		Object setting = client.getClientSettings().getSetting(URI_SETTING);
		if (!(setting instanceof String text) || text.isBlank()) {
			return null;
		}
		try {
			URI uri = URI.create(text);
			boolean usable = uri.isAbsolute() && uri.getHost() != null && uri.getFragment() == null
					&& ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
			if (!usable) {
				logger.warn("Client '" + client.getClientId() + "': " + URI_SETTING
						+ " is not an absolute http(s) URI without a fragment; no logout tokens are sent to it");
			}
			return usable ? uri : null;
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Client '" + client.getClientId() + "': " + URI_SETTING + " is not a URI");
			return null;
		}
	}

	/**
	 * Records a logout token owed to each client with a back-channel logout URI that got an ID token of the
	 * session; to be called before the session's authorizations are revoked, in the same transaction.
	 */
	void record(String principalName, String sid) {
		List<String> announced = this.sessions.clientsWithIdTokens(principalName, sid)
			.stream()
			.map(this.clients::findById)
			.filter(Objects::nonNull)
			.filter((client) -> uri(client) != null)
			.map(RegisteredClient::getId)
			.toList();
		this.notices.add(announced, principalName, sid);
	}

	/** Starts delivering what is due, on another thread. */
	void deliverSoon() {
		try {
			this.deliveries.execute(() -> guarded(this::claimAndDeliverDue));
		}
		catch (RejectedExecutionException ex) {
			// shutting down: the notices wait in the database for the next instance
		}
	}

	/** Claims the notices due (retries, and any an instance that stopped left) and sends each on its own thread. */
	@Scheduled(fixedDelayString = "${wxauth.back-channel-logout.poll-interval:5s}",
			initialDelayString = "${wxauth.back-channel-logout.poll-interval:5s}")
	void deliverDue() {
		guarded(this::claimAndDeliverDue);
	}

	private void claimAndDeliverDue() {
		List<LogoutNotices.Notice> due;
		do {
			due = this.notices.claimDue(BATCH, lease());
			for (LogoutNotices.Notice notice : due) {
				try {
					this.deliveries.execute(() -> guarded(() -> deliver(notice)));
				}
				catch (RejectedExecutionException ex) {
					return;
				}
			}
		}
		while (due.size() == BATCH);
	}

	/** A failure (the database unreachable) leaves the notices where they are, for the next look. */
	private static void guarded(Runnable delivery) {
		try {
			delivery.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Back-channel logout delivery failed; it is tried again later: " + ex.getMessage());
		}
	}

	/** Longer than one delivery can take: connecting, then waiting for the answer. */
	private Duration lease() {
		return this.settings.timeout().multipliedBy(2).plusSeconds(30);
	}

	private void deliver(LogoutNotices.Notice notice) {
		RegisteredClient client = this.clients.findById(notice.registeredClientId());
		URI uri = (client != null) ? uri(client) : null;
		if (client == null || uri == null) {
			this.notices.remove(notice);
			return;
		}
		String failure = post(uri, this.tokens.sign(client.getClientId(), notice.subject(), notice.sid()));
		if (failure == null) {
			this.notices.remove(notice);
			if (logger.isDebugEnabled()) {
				logger.debug("Back-channel logout delivered to client '" + client.getClientId() + "'");
			}
		}
		else if (notice.attempts() >= this.settings.attempts()) {
			this.notices.remove(notice);
			logger.warn("Back-channel logout to client '" + client.getClientId() + "' given up after "
					+ notice.attempts() + " attempts (last: " + failure + "): its session for this person goes on");
		}
		else {
			this.notices.retryIn(notice,
					this.settings.firstRetry().multipliedBy(1L << Math.min(notice.attempts() - 1, 20)));
			if (logger.isDebugEnabled()) {
				logger.debug("Back-channel logout to client '" + client.getClientId() + "' failed (" + failure
						+ "), attempt " + notice.attempts() + " of " + this.settings.attempts());
			}
		}
	}

	/** POSTs the logout token: {@code null} when the client answered 2xx, otherwise what went wrong. */
	private @Nullable String post(URI uri, String logoutToken) {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.settings.timeout())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.US_ASCII)))
			.build();
		try {
			int status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			return (status / 100 == 2) ? null : "HTTP " + status;
		}
		catch (IOException ex) {
			return ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	@Override
	public void destroy() {
		this.deliveries.shutdownNow();
		this.http.close();
	}

}
