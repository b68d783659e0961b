package dev.wxauth.server.dev;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.wxauth.server.WxauthApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * {@code make run}: the auth server in dev mode on its own PostgreSQL, whose data lives in
 * {@code <wxauth.dev.directory>/postgres} (git-ignored) so that a restart keeps users, clients and keys. With
 * {@code SPRING_DATASOURCE_URL} set, that database is used instead. Lives with the tests so that the deployable
 * jar carries no PostgreSQL binaries.
 */
public final class DevAuthServer {

	private DevAuthServer() {
	}

	public static void main(String[] args) throws IOException, SQLException {
		Path directory = Path.of(System.getProperty("wxauth.dev.directory", ".dev")).toAbsolutePath();
		List<String> properties = new ArrayList<>();
		properties.add("wxauth.dev.directory=" + directory);
		if (System.getenv("SPRING_DATASOURCE_URL") == null) {
			int port = Integer.parseInt(System.getenv().getOrDefault("WXAUTH_DEV_DB_PORT", "54329"));
			Path data = directory.resolve("postgres");
			EmbeddedPostgres postgres = DevPostgres.start(data, port);
			properties.add("spring.datasource.url=" + DevPostgres.jdbcUrl(postgres));
			properties.add("spring.datasource.username=postgres");
			properties.add("spring.datasource.password=postgres");
			System.out.println("Dev PostgreSQL: psql -h localhost -p " + port + " -U postgres " + DevPostgres.DATABASE
					+ " (data in " + data + ")");
		}
		List<String> arguments = new ArrayList<>(properties.stream().map((property) -> "--" + property).toList());
		arguments.addAll(List.of(args));
		new SpringApplicationBuilder(WxauthApplication.class).profiles(WxauthApplication.DEV_PROFILE)
			.run(arguments.toArray(String[]::new));
	}

}
