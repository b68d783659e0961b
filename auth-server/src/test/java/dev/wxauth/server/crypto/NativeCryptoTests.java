package dev.wxauth.server.crypto;

import java.security.Security;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Http;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import static dev.wxauth.server.testing.Http.basic;
import static dev.wxauth.server.testing.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On this platform (Linux x86-64) the native provider signs our tokens, and they verify.
 */
@AuthServerTest
class NativeCryptoTests {

	@Value("${wxauth.issuer}")
	String issuer;

	@Test
	void startWhenLinuxX8664ThenNativeProviderFirstAndTokensVerify() {
		org.junit.jupiter.api.Assumptions.assumeTrue(
				System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"));

		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.until(() -> Security.getProviders()[0].getName().equals("AmazonCorrettoCryptoProvider"));
		Http.Response response = new Http(this.issuer).postForm("/oauth2/token", form("grant_type", "client_credentials"),
				basic("demo-service", "demo-service-secret"));
		assertThat(response.status()).isEqualTo(200);
		dev.wxauth.server.testing.Jwts.verified(this.issuer, response.json().get("access_token").asString());
	}

}
