package dev.wxauth.server.crypto;

import dev.wxauth.server.WxauthApplication;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Refuses to start, before anything connects to the database, when the master key is missing (outside dev mode)
 * or malformed: the failure analyzer then prints one clear message instead of a database stack trace.
 */
final class MasterKeyStartupCheck implements EnvironmentPostProcessor, Ordered {

	/** Set by Spring's ahead-of-time processor while the build generates the bean definitions' code. */
	private static final String AOT_PROCESSING = "spring.aot.processing";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!application.getAllSources().contains(WxauthApplication.class)) {
			// another application in the same JVM (tests run the WeChat emulator and samples beside us)
			return;
		}
		if (Boolean.getBoolean(AOT_PROCESSING)) {
			// the build's ahead-of-time processing reads bean definitions only: no key is needed, nor baked in
			return;
		}
		String masterKey = environment.getProperty("wxauth.master-key");
		if (StringUtils.hasText(masterKey)) {
			MasterKey.fromBase64(masterKey);
		}
		else if (!environment.matchesProfiles(WxauthApplication.DEV_PROFILE)) {
			throw new MasterKeyMissingException();
		}
	}

	@Override
	public int getOrder() {
		// after application.yml and the active profiles are known
		return Ordered.LOWEST_PRECEDENCE;
	}

}
