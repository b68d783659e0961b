package dev.wxauth.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL of one test's own, on its own port and data directory, that the test stops and starts again under a
 * running server: an outage. The data is kept across the restart (the directory is the test's, and goes with it).
 */
public final class StoppablePostgres implements AutoCloseable {

	private final Path data;

	private final int port;

	private EmbeddedPostgres postgres;

	private boolean running;

	public StoppablePostgres(Path data) {
		this.data = data;
		this.port = TestPorts.free();
		this.postgres = started();
	}

	/** How a server connects to it. */
	public TestPostgres.Database database() {
		return new TestPostgres.Database("jdbc:postgresql://localhost:" + this.port + "/postgres", "postgres",
				"postgres");
	}

	public void stop() {
		close();
	}

	/** Starts it again on the same port, with the data it had. */
	public void startAgain() {
		this.postgres = started();
	}

	private EmbeddedPostgres started() {
		try {
			this.running = true;
			return EmbeddedPostgres.builder()
				.setPort(this.port)
				.setDataDirectory(this.data)
				.setCleanDataDirectory(false)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		if (!this.running) {
			return;
		}
		this.running = false;
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
