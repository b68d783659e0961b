package dev.wxauth.server.logging;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link CredentialRedaction} in Logback's context once Spring Boot has configured logging, before the server takes
 * requests.
 */
@Configuration(proxyBeanMethods = false)
class LoggingConfiguration {

	@Bean
	static SmartInitializingSingleton credentialRedaction() {
		return CredentialRedaction::install;
	}

}
