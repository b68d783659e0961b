package dev.wxauth.bench;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * The floor under every token-issuing scenario: how many RS256 (RSA-2048) signatures this machine makes a second,
 * signed the way the auth server signs. Its key comes back through the first provider's {@code KeyFactory}, as the
 * server's does (Nimbus {@code RSAKey.toPrivateKey()}), so a native provider signs with a native key; a key it had
 * to translate on every signature would understate it by half.
 */
final class SigningFloor {

	private SigningFloor() {
	}

	/** Signatures a second with {@code threads} threads signing back to back for {@code seconds}. */
	static Result measure(int threads, int seconds) throws Exception {
		String provider = installNativeProvider();
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		PrivateKey key = KeyFactory.getInstance("RSA")
			.generatePrivate(new PKCS8EncodedKeySpec(generator.generateKeyPair().getPrivate().getEncoded()));
		byte[] signingInput = new byte[600]; // about a JWT header and claims, base64url-encoded
		sign(key, signingInput, 1, 2); // warm-up
		return new Result(provider, threads, sign(key, signingInput, threads, seconds));
	}

	private static double sign(PrivateKey key, byte[] signingInput, int threads, int seconds) throws Exception {
		AtomicLong signatures = new AtomicLong();
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		long started = System.nanoTime();
		List<Thread> signers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			signers.add(Thread.ofPlatform().start(() -> {
				try {
					while (System.nanoTime() < deadline) {
						// a new Signature each time, as Nimbus's RSASSASigner does
						Signature signature = Signature.getInstance("SHA256withRSA");
						signature.initSign(key);
						signature.update(signingInput);
						signature.sign();
						signatures.incrementAndGet();
					}
				}
				catch (GeneralSecurityException ex) {
					throw new IllegalStateException(ex);
				}
			}));
		}
		for (Thread signer : signers) {
			signer.join();
		}
		return signatures.get() / ((System.nanoTime() - started) / 1e9);
	}

	private static String installNativeProvider() {
		try {
			if (AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null) {
				Security.insertProviderAt(AmazonCorrettoCryptoProvider.INSTANCE, 1);
				return "ACCP";
			}
		}
		catch (LinkageError ex) {
			// another OS or CPU: the JDK signs, as in the auth server
		}
		return "JDK";
	}

	record Result(String provider, int threads, double perSecond) {
	}

}
