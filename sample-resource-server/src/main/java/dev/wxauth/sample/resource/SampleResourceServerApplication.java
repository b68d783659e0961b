package dev.wxauth.sample.resource;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A sample API that trusts wxauth's access tokens. Copy this when your service must accept our tokens.
 */
@SpringBootApplication
public class SampleResourceServerApplication {

	public static void main(String[] args) {
		builder().run(args);
	}

	/**
	 * The application with its own config file name ({@code sample-resource-server.yml}), so that it can share a
	 * classpath with the auth server in end-to-end tests.
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(SampleResourceServerApplication.class)
			.properties("spring.config.name=sample-resource-server");
	}

}
