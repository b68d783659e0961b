package dev.wxauth.server.client;

import java.time.Clock;
import java.time.Duration;

import dev.wxauth.server.properties.WxauthProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Registered clients: in PostgreSQL, briefly cached, their secrets hashed.
 */
@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc, WxauthProperties properties) {
		return new CachingRegisteredClientRepository(new JdbcRegisteredClientRepository(jdbc),
				properties.clients().cacheTtl(), 10_000, Clock.systemUTC());
	}

	/**
	 * BCrypt at rest; a secret rotated with an overlap also accepts its predecessor until then; a secret that
	 * verified in the last ten minutes is not BCrypt-checked again.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new RememberingPasswordEncoder(
				new RotatingSecrets(PasswordEncoderFactories.createDelegatingPasswordEncoder(), Clock.systemUTC()),
				Duration.ofMinutes(10), 10_000, Clock.systemUTC());
	}

}
