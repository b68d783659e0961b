package dev.wxauth.server.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL that dev mode and the benchmark start by themselves (PostgreSQL binaries from Maven Central),
 * with its data in a folder of their choosing. As a program ({@code make bench}): starts one (data folder, port, then
 * any server settings as {@code name=value}), prints its JDBC URL, and runs until killed.
 */
public final class DevPostgres {

	static final String DATABASE = "wxauth";

	private DevPostgres() {
	}

	/** Starts (or restarts, keeping the data) a PostgreSQL in {@code data} on {@code port}, with database wxauth. */
	public static EmbeddedPostgres start(Path data, int port) throws IOException, SQLException {
		return start(data, port, Map.of());
	}

	/** @param serverConfig more settings of the server ({@code shared_preload_libraries}, say) */
	public static EmbeddedPostgres start(Path data, int port, Map<String, String> serverConfig)
			throws IOException, SQLException {
		Files.createDirectories(data);
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
		serverConfig.forEach(builder::setServerConfig);
		EmbeddedPostgres postgres = builder
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
		// then any number of server settings as name=value: make bench counts statements with pg_stat_statements
		Map<String, String> serverConfig = new LinkedHashMap<>();
		for (int i = 2; i < args.length; i++) {
			serverConfig.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
		}
		EmbeddedPostgres postgres = start(Path.of(args[0]).toAbsolutePath(), Integer.parseInt(args[1]), serverConfig);
		System.out.println("READY " + jdbcUrl(postgres));
		Thread.currentThread().join();
	}

}
