package dev.wxauth.server.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.wxauth.server.WxauthApplication;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Puts Amazon Corretto Crypto Provider (native, OpenSSL-derived) first among the JCA providers: RSA signing, the
 * floor of every token we issue, is about three times faster than the JDK's. Loading its native library takes
 * most of a second, so it happens beside the start-up rather than in it; anything signed before it is in place is
 * signed by the JDK, with the same result. Where it cannot load (another OS or CPU) the JDK's providers stay in
 * charge and the server says so once. {@code wxauth.crypto.native=false} ({@code WXAUTH_CRYPTO_NATIVE}) turns it
 * off.
 */
final class NativeCryptoInstaller implements EnvironmentPostProcessor, Ordered {

	private static final Log logger = LogFactory.getLog(NativeCryptoInstaller.class);

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!application.getAllSources().contains(WxauthApplication.class)
				|| !environment.getProperty("wxauth.crypto.native", Boolean.class, true)) {
			return;
		}
		Thread.ofPlatform().daemon().name("native-crypto-installer").start(NativeCryptoInstaller::install);
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

}
