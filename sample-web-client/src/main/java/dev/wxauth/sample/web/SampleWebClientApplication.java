package dev.wxauth.sample.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A downstream web app that signs people in with plain OpenID Connect against wxauth: nothing here knows about
 * WeChat. Copy this when your web app should offer "Log in with WeChat".
 */
@SpringBootApplication
public class SampleWebClientApplication {

	public static void main(String[] args) {
		builder().run(args);
	}

	/** With its own config file name ({@code sample-web-client.yml}), to share a classpath in end-to-end tests. */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(SampleWebClientApplication.class)
			.properties("spring.config.name=sample-web-client");
	}

}
