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

	public static void main(String[] args) {
		SpringApplication.run(WxauthApplication.class, args);
	}

}
