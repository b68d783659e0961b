package dev.wxauth.server.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL that dev mode and the benchmark start by themselves (PostgreSQL binaries from Maven Central),
 * with its data in a folder of their choosing. As a program ({@code make bench}): starts one, prints its JDBC URL,
 * and runs until killed.
 */
public final class DevPostgres {

	static final String DATABASE = "wxauth";

	private DevPostgres() {
	}

	/** Starts (or restarts, keeping the data) a PostgreSQL in {@code data} on {@code port}, with database wxauth. */
	public static EmbeddedPostgres start(Path data, int port) throws IOException, SQLException {
		Files.createDirectories(data);
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setPort(port)
			// durable, as a production database is: the embedded default turns these off, which spares every token
			// issued a WAL flush and so would flatter make bench (and lose dev data on a crash)
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("full_page_writes", "on")
			.start();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
				if (!exists.next()) {
					statement.execute("CREATE DATABASE " + DATABASE);
				}
			}
		}
		return postgres;
	}

	public static String jdbcUrl(EmbeddedPostgres postgres) {
		return postgres.getJdbcUrl("postgres", DATABASE);
	}

	public static void main(String[] args) throws Exception {
		EmbeddedPostgres postgres = start(Path.of(args[0]).toAbsolutePath(), Integer.parseInt(args[1]));
		System.out.println("READY " + jdbcUrl(postgres));
		Thread.currentThread().join();
	}

}
