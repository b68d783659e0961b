package dev.wxauth.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@code make cluster} as a test runs it ({@code scripts/cluster}, on free ports, with the tests' WeChat emulator):
 * one PostgreSQL, two auth-server instances from the deployable jar, HAProxy in front. Instances and PostgreSQL are
 * killed, stopped and started again as an operator would, by their process ids and the scripts the cluster wrote.
 */
public final class Cluster implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

	private final Process script;

	private final Path directory;

	private final Path log;

	private final int publicPort;

	private final Map<String, Integer> instancePorts;

	private final int databasePort;

	private Cluster(Process script, Path directory, Path log, int publicPort, Map<String, Integer> instancePorts,
			int databasePort) {
		this.script = script;
		this.directory = directory;
		this.log = log;
		this.publicPort = publicPort;
		this.instancePorts = instancePorts;
		this.databasePort = databasePort;
	}

	/**
	 * Starts the cluster and waits until HAProxy serves discovery.
	 * @param environment settings for both instances ({@code WXAUTH_...}), beside the cluster's own
	 */
	public static Cluster start(Path directory, Map<String, String> environment) {
		int publicPort = TestPorts.free();
		int a = freePair();
		int b = freePair();
		int database = TestPorts.free();
		try {
			Files.createDirectories(directory);
			Path log = directory.resolveSibling(directory.getFileName() + ".log");
			ProcessBuilder builder = new ProcessBuilder("bash", "../scripts/cluster").redirectErrorStream(true);
			Map<String, String> env = builder.environment();
			env.putAll(environment);
			env.put("CLUSTER_DIR", directory.toAbsolutePath().toString());
			env.put("CLUSTER_PUBLIC_PORT", String.valueOf(publicPort));
			env.put("CLUSTER_A_PORT", String.valueOf(a));
			env.put("CLUSTER_B_PORT", String.valueOf(b));
			env.put("CLUSTER_DB_PORT", String.valueOf(database));
			env.put("CLUSTER_EMULATOR_URL", TestWeChat.emulator().baseUrl());
			env.put("CLUSTER_SAMPLES", "no");
			env.put("CLUSTER_BUILD", "no");
			env.put("CLUSTER_CLASSPATH", System.getProperty("surefire.test.class.path",
					System.getProperty("java.class.path")));
			Process script = builder.start();
			CompletableFuture<Boolean> ready = new CompletableFuture<>();
			Thread.ofVirtual().start(() -> copyOutput(script, log, ready));
			Cluster cluster = new Cluster(script, directory, log, publicPort, Map.of("a", a, "b", b), database);
			try {
				if (!ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
					throw new IllegalStateException("The cluster did not start: " + cluster.tail());
				}
			}
			catch (Exception ex) {
				cluster.close();
				throw new IllegalStateException("The cluster did not start: " + cluster.tail(), ex);
			}
			return cluster;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void copyOutput(Process script, Path log, CompletableFuture<Boolean> ready) {
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
						java.nio.file.StandardOpenOption.APPEND);
				if (line.equals("CLUSTER READY")) {
					ready.complete(true);
				}
			}
		}
		catch (IOException ex) {
			// the script ended
		}
		ready.complete(false);
	}

	/** A port whose successor (the management port) is free too. */
	private static int freePair() {
		for (int i = 0; i < 50; i++) {
			int port = TestPorts.free();
			try (ServerSocket next = new ServerSocket(port + 1)) {
				return port;
			}
			catch (IOException ex) {
				// taken: another one
			}
		}
		throw new IllegalStateException("No two free ports in a row");
	}

	/** The public URL, HAProxy's: the issuer. */
	public String issuer() {
		return "http://localhost:" + this.publicPort;
	}

	/** An instance's own public port, past HAProxy. */
	public String instance(String name) {
		return "http://localhost:" + this.instancePorts.get(name);
	}

	public String management(String name) {
		return "http://localhost:" + (this.instancePorts.get(name) + 1);
	}

	/** A connection of its own to the cluster's database; close it after use. */
	public JdbcTemplate database() {
		try {
			Connection connection = DriverManager.getConnection(
					"jdbc:postgresql://localhost:" + this.databasePort + "/wxauth", "postgres", "postgres");
			return new JdbcTemplate(new SingleConnectionDataSource(connection, true));
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code kill -9}: the instance ends at once, mid-request. */
	public void kill(String name) {
		ProcessHandle.of(pid("instance-" + name)).ifPresent(ProcessHandle::destroyForcibly);
		awaitExit(pid("instance-" + name));
	}

	/** {@code kill} (SIGTERM): the instance drains what it is serving, then ends; returns once it has. */
	public void stop(String name) {
		ProcessHandle.of(pid("instance-" + name)).ifPresent(ProcessHandle::destroy);
		awaitExit(pid("instance-" + name));
	}

	/** Starts the instance again as the cluster first started it, and waits until it is ready. */
	public void start(String name) {
		run(this.directory.resolve("instance").toString(), name);
		awaitReady(name, START_TIMEOUT);
	}

	/** Waits until the instance's readiness probe answers 200. */
	public void awaitReady(String name, Duration within) {
		Http management = new Http(management(name));
		Instant deadline = Instant.now().plus(within);
		String last = "no answer";
		while (Instant.now().isBefore(deadline)) {
			try {
				Http.Response ready = management.get("/actuator/health/readiness");
				if (ready.status() == 200) {
					return;
				}
				last = ready.toString();
			}
			catch (RuntimeException ex) {
				last = ex.toString();
			}
			sleep(200);
		}
		throw new IllegalStateException("Instance " + name + " did not get ready: " + last);
	}

	/** Stops PostgreSQL (a fast shutdown: sessions ended, nothing lost) and returns once it is down. */
	public void stopPostgres() {
		ProcessHandle.of(pid("postgres")).ifPresent(ProcessHandle::destroy);
		awaitExit(pid("postgres"));
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			try (ServerSocket free = new ServerSocket(this.databasePort)) {
				return;
			}
			catch (IOException ex) {
				sleep(100);
			}
		}
		throw new IllegalStateException("PostgreSQL did not stop");
	}

	public void startPostgres() {
		run(this.directory.resolve("postgres").toString());
	}

	private long pid(String name) {
		try {
			return Long.parseLong(Files.readString(this.directory.resolve(name + ".pid")).trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void awaitExit(long pid) {
		ProcessHandle.of(pid).ifPresent((process) -> {
			try {
				process.onExit().get(60, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Process " + pid + " did not end", ex);
			}
		});
	}

	private static void run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String tail() {
		try {
			String text = Files.exists(this.log) ? Files.readString(this.log) : "";
			return text.substring(Math.max(0, text.length() - 3000));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Stops everything the cluster started (the script's own stop), and anything a test started again. */
	@Override
	public void close() {
		this.script.destroy();
		try {
			if (!this.script.waitFor(60, TimeUnit.SECONDS)) {
				this.script.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (var pids = Files.list(this.directory)) {
			pids.filter((file) -> file.toString().endsWith(".pid")).forEach((file) -> {
				try {
					ProcessHandle.of(Long.parseLong(Files.readString(file).trim())).ifPresent(ProcessHandle::destroy);
				}
				catch (IOException | NumberFormatException ex) {
					// gone
				}
			});
		}
		catch (IOException ex) {
			// nothing started
		}
	}

}
