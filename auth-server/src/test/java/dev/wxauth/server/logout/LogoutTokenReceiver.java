package dev.wxauth.server.logout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import static dev.wxauth.server.testing.Pages.pause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's back-channel logout endpoint, as small as it gets: records every request and answers with the statuses
 * it was told to (200 once they run out).
 */
final class LogoutTokenReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Duration stall;

	private final int[] statuses;

	private final AtomicInteger answered = new AtomicInteger();

	private LogoutTokenReceiver(Duration stall, int... statuses) {
		this.stall = stall;
		this.statuses = statuses;
		try {
			this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// a thread per request, so that a stalling answer holds neither the server nor its stop
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/backchannel-logout", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.requests.add(new Request(exchange.getRequestMethod(),
					exchange.getRequestHeaders().getFirst("Content-Type"), body));
			pause(this.stall);
			int answer = this.answered.getAndIncrement();
			int status = (answer < this.statuses.length) ? this.statuses[answer] : 200;
			exchange.getResponseHeaders().add("Cache-Control", "no-store");
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.server.start();
	}

	/** Answers 200 to everything. */
	static LogoutTokenReceiver started() {
		return new LogoutTokenReceiver(Duration.ZERO);
	}

	/** Answers with {@code statuses} first, one per request, then 200. */
	static LogoutTokenReceiver answering(int... statuses) {
		return new LogoutTokenReceiver(Duration.ZERO, statuses);
	}

	/** Takes {@code stall} to answer each request. */
	static LogoutTokenReceiver stalling(Duration stall) {
		return new LogoutTokenReceiver(stall);
	}

	String uri() {
		return "http://localhost:" + this.server.getAddress().getPort() + "/backchannel-logout";
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** The requests received once {@code count} arrived, waiting up to {@code timeout}. */
	List<Request> awaitRequests(int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.requests.size() < count && System.nanoTime() < deadline) {
			pause(Duration.ofMillis(50));
		}
		assertThat(this.requests).as("back-channel requests received").hasSizeGreaterThanOrEqualTo(count);
		return requests();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	record Request(String method, String contentType, String body) {

		/** The {@code logout_token} form parameter. */
		String logoutToken() {
			for (String pair : this.body.split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0 && pair.substring(0, equals).equals("logout_token")) {
					return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
				}
			}
			throw new AssertionError("no logout_token in " + this.body);
		}

	}

}
