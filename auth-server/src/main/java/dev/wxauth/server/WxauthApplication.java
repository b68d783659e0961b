package dev.wxauth.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * wxauth: an OAuth 2.0 / OpenID Connect authorization server that brokers WeChat identity.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class WxauthApplication {

	/** The Spring profile of dev mode ({@code make run}): demo clients, a generated master key. */
	public static final String DEV_PROFILE = "dev";

	/** Idle connections kept per WeChat host, unless {@code -Dhttp.maxConnections} says otherwise. */
	static final String WECHAT_KEEP_ALIVE_CONNECTIONS = "64";

	public static void main(String[] args) {
		// WeChat is called with the JDK's blocking HTTP client, whose keep-alive cache keeps only 5 idle connections
		// per host by default: under load every further call would open (and close) a connection of its own
		if (System.getProperty("http.maxConnections") == null) {
			System.setProperty("http.maxConnections", WECHAT_KEEP_ALIVE_CONNECTIONS);
		}
		SpringApplication.run(WxauthApplication.class, args);
	}

}
