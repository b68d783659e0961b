package dev.wxauth.server.wechat.web;

import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.RawHttp;
import dev.wxauth.server.testing.WeChatLoginFixture;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests for the start of a WeChat login that no browser of ours sends: never a 500, never a redirect to WeChat.
 */
@AuthServerTest
class WeChatWebMalformedRequestTests {

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@ParameterizedTest
	@ValueSource(strings = { "/oauth2/authorization/nope", "/oauth2/authorization/website?&=x",
			"/oauth2/authorization/official-account?&=x" })
	void startWhenUnknownAppOrBrokenQueryThenNoServerErrorAndNoWeChat(String path) {
		Http.Response response = this.fixture.http().get(path, "Accept", "text/html");

		assertThat(response.status()).as(response.toString()).isLessThan(500);
		assertThat(String.valueOf(response.header("Location"))).doesNotStartWith(this.fixture.wechat().baseUrl());
	}

	/** Queries no HTTP client would send, as the container gets them. */
	@ParameterizedTest
	@ValueSource(strings = { "/oauth2/authorization/website?%s", "/oauth2/authorization/website?%s=%s",
			"/oauth2/authorization/official-account?a=%zz", "/oauth2/authorization/nope?%s" })
	void startWhenQueryNotDecodableThenNoServerErrorAndNoWeChat(String target) {
		RawHttp.Response response = new RawHttp(this.fixture.issuer()).get(target, "text/html");

		assertThat(response.status()).as(response.toString()).isBetween(300, 499);
		assertThat(response.toString()).doesNotContain(this.fixture.wechat().baseUrl());
	}

}
