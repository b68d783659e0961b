package dev.wxauth.server.wechat.web;

import java.lang.management.ManagementFactory;

import javax.management.ObjectName;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Browser;
import dev.wxauth.server.testing.OidcTestClient;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a web login leaves in the server's memory: no WeChat user token (Spring's {@code OAuth2AuthorizedClient}) and
 * no record of the person's session (the OpenID Connect session registry's {@code SessionInformation}), whoever
 * signed in. Counted with the JVM's own class histogram of live objects, which collects garbage first.
 */
@AuthServerTest
class WeChatWebLoginMemoryTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void loginWhenPeopleSignInThenNoWeChatUserTokenKeptInMemory() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		for (String person : new String[] { "alice", "bob" }) {
			assertThat(this.fixture.signIn(client, this.fixture.person(person, Browser.DESKTOP), "openid").has("id_token"))
				.isTrue();
		}

		assertThat(liveInstances(OAuth2AuthorizedClient.class)).isZero();
	}

	@Test
	void loginWhenPeopleSignInThenNoSessionRecordKeptInMemory() throws Exception {
		OidcTestClient client = this.fixture.webClient(TestRegisteredClients.webClient());
		for (String person : new String[] { "alice", "bob" }) {
			assertThat(this.fixture.signIn(client, this.fixture.person(person, Browser.DESKTOP), "openid").has("id_token"))
				.isTrue();
		}

		assertThat(liveInstances(SessionInformation.class)).isZero();
	}

	/** Live instances of exactly {@code type} in this JVM, after a full collection. */
	static long liveInstances(Class<?> type) throws Exception {
		String histogram = (String) ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
					new Object[] { null }, new String[] { String[].class.getName() });
		return histogram.lines()
			.map((line) -> line.trim().split("\\s+"))
			.filter((columns) -> columns.length >= 4 && columns[3].equals(type.getName()))
			.mapToLong((columns) -> Long.parseLong(columns[1]))
			.sum();
	}

}
