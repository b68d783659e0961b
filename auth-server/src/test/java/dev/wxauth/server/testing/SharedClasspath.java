package dev.wxauth.server.testing;

import java.util.List;

/**
 * For apps started in-process beside the auth server: the auth server's libraries are on their classpath too,
 * and Spring Boot would configure a database, Flyway, sessions and an authorization server for them.
 */
public final class SharedClasspath {

	private static final List<String> AUTH_SERVER_ONLY_AUTO_CONFIGURATIONS = List.of(
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
			"org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
			"org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration",
			"org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration");

	private SharedClasspath() {
	}

	/** A command-line argument that keeps the auth server's auto-configuration out of another app. */
	public static String excludeAuthServerAutoConfiguration() {
		return "--spring.autoconfigure.exclude=" + String.join(",", AUTH_SERVER_ONLY_AUTO_CONFIGURATIONS);
	}

}
