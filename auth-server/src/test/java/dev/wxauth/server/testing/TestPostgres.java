package dev.wxauth.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for tests, one per JVM: a Testcontainers container where a Docker engine answers, otherwise
 * PostgreSQL binaries from Maven Central started by the build itself (they run as root through a user namespace).
 * Each caller gets its own empty database from {@link #newDatabase(String)}.
 */
public final class TestPostgres {

	private static final AtomicInteger databases = new AtomicInteger();

	private static Server server;

	private TestPostgres() {
	}

	/** A new, empty database named after {@code purpose}. */
	public static synchronized Database newDatabase(String purpose) {
		Server server = server();
		String name = purpose.replaceAll("[^a-z0-9_]", "_") + "_" + databases.incrementAndGet();
		try (Connection connection = java.sql.DriverManager.getConnection(server.url("postgres"), server.username(),
				server.password()); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + name, ex);
		}
		return new Database(server.url(name), server.username(), server.password());
	}

	private static Server server() {
		if (server == null) {
			server = DockerClientFactory.instance().isDockerAvailable() ? container() : embedded();
		}
		return server;
	}

	private static Server container() {
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
		container.start();
		String base = "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/";
		return new Server(base, container.getUsername(), container.getPassword());
	}

	private static Server embedded() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			return new Server("jdbc:postgresql://localhost:" + postgres.getPort() + "/", "postgres", "postgres");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the embedded PostgreSQL", ex);
		}
	}

	private record Server(String baseUrl, String username, String password) {

		String url(String database) {
			return this.baseUrl + database;
		}

	}

	/** Connection settings for one test database. */
	public record Database(String url, String username, String password) {

		/** Spring Boot properties that point an application at this database. */
		public String[] springProperties() {
			return new String[] { "spring.datasource.url=" + this.url, "spring.datasource.username=" + this.username,
					"spring.datasource.password=" + this.password };
		}

	}

}
