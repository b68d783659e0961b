package dev.wxauth.server.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.wxauth.server.WxauthApplication;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Puts Amazon Corretto Crypto Provider (native, AWS-LC) first among the JCA providers: it signs RS256 about twice as
 * fast as the JDK, with a key made by its own {@code KeyFactory} (a key from another provider it translates on every
 * signature, and loses the gain); README's Performance section has the figures. Loading its native library and running
 * its self-tests takes most of a second of CPU, so it starts once the application is ready, not during start-up, where
 * on two cores it delayed readiness; anything signed before it is in place is signed by the JDK, with the same result.
 * Where it cannot load (another OS or CPU) the JDK's providers stay in charge and the server says so once.
 * {@code wxauth.crypto.native=false} ({@code WXAUTH_CRYPTO_NATIVE}) turns it off.
 */
final class NativeCryptoInstaller implements EnvironmentPostProcessor, Ordered {

	private static final Log logger = LogFactory.getLog(NativeCryptoInstaller.class);

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!application.getAllSources().contains(WxauthApplication.class)
				|| !environment.getProperty("wxauth.crypto.native", Boolean.class, true)) {
			return;
		}
		application.addListeners(new InstallWhenReady());
	}

	static void install() {
		try {
			Throwable loadingError = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
			if (loadingError != null) {
				logger.info("Native crypto unavailable here, using the JDK's: " + loadingError.getMessage());
				return;
			}
			// its self-tests run in the background; an algorithm that fails one refuses to work rather than misbehave
			AmazonCorrettoCryptoProvider.install();
		}
		catch (Throwable ex) {
			// LinkageError included: a missing or foreign native library must never stop the server
			logger.info("Native crypto unavailable here, using the JDK's: " + ex);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	private static final class InstallWhenReady implements ApplicationListener<ApplicationReadyEvent> {

		@Override
		public void onApplicationEvent(ApplicationReadyEvent event) {
			Thread.ofPlatform().daemon().name("native-crypto-installer").start(NativeCryptoInstaller::install);
		}

	}

}
