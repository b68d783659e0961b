package dev.wxauth.emulator;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The emulator's infrastructure beans.
 */
@Configuration(proxyBeanMethods = false)
class EmulatorConfiguration {

	/** Every lifetime is measured against this clock. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
