package dev.wxauth.sample.resource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A sample API that trusts wxauth's access tokens. Copy this when your service must accept our tokens.
 */
@SpringBootApplication
public class SampleResourceServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleResourceServerApplication.class, args);
	}

}
