package dev.wxauth.server.ratelimit;

import java.util.concurrent.ThreadLocalRandom;

import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.AuthServerTest;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.Jwts;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.WeChatLoginFixture;
import dev.wxauth.server.user.PersonalData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static dev.wxauth.server.testing.WeChatLoginFixture.MINI_PROGRAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phone-number quota of a person is counted against their WeChat identity too (a pseudonym of it), over real
 * HTTP: leaving and signing in again as someone new does not buy a new day of billed phone-number calls. Its own
 * server, with the one limit under test small enough to reach and the others off (so that the logins it needs are
 * never refused, as they could be under {@code RateLimitTests}' per-app limit).
 */
@AuthServerTest
@TestPropertySource(properties = "wxauth.rate-limits.phone-numbers-per-user=2")
class PhoneNumberQuotaTests {

	static final String PHONE_NUMBER = "/wechat/mini-program/phone-number";

	@RegisterExtension
	final WeChatLoginFixture fixture = new WeChatLoginFixture();

	@Test
	void phoneNumberWhenThePersonDeletedThemselvesAndCameBackTheSameDayThenTheirDayIsStillSpent() {
		String person = "load-" + ThreadLocalRandom.current().nextInt(1_000_000, 9_000_000);
		CodeGrantClient miniProgram = this.fixture
			.codeGrantClient(TestRegisteredClients.miniProgramClient().scope("account"), WeChatGrantTypes.MINI_PROGRAM);
		JsonNode first = login(miniProgram, person);
		String firstSub = sub(first);
		assertThat(bindPhone(first, person).status()).isEqualTo(200);
		assertThat(bindPhone(first, person).status()).isEqualTo(200);
		Http.Response deleted = this.fixture.http()
			.send("DELETE", "/account/v1/me", null, null, Http.bearer(first.get("access_token").asString()));
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		JsonNode again = login(miniProgram, person);
		assertThat(sub(again)).as("someone new").isNotEqualTo(firstSub);

		Http.Response refused = bindPhone(again, person);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
		assertThat(refused.json().get("error").asString()).isEqualTo("temporarily_unavailable");
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT count(*) FROM daily_quota_uses WHERE subject = ?", Integer.class, firstSub))
			.as("no count names the deleted person's id").isZero();
		assertThat(this.fixture.jdbc()
			.queryForObject("SELECT uses FROM daily_quota_uses WHERE quota = 'phone-numbers-per-user' AND subject = ?",
					Integer.class, PersonalData.identityPseudonym(MINI_PROGRAM,
							this.fixture.wechat().openid(MINI_PROGRAM, person))))
			.isEqualTo(2);
	}

	JsonNode login(CodeGrantClient miniProgram, String person) {
		Http.Response tokens = miniProgram.login(this.fixture.wechat().mintJsCode(MINI_PROGRAM, person),
				"openid phone account");
		assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
		return tokens.json();
	}

	String sub(JsonNode tokens) {
		return Jwts.verified(this.fixture.issuer(), tokens.get("access_token").asString()).getSubject();
	}

	Http.Response bindPhone(JsonNode tokens, String person) {
		return this.fixture.http()
			.postJson(PHONE_NUMBER,
					"{\"code\":\"" + this.fixture.wechat().mintPhoneCode(MINI_PROGRAM, person) + "\"}",
					Http.bearer(tokens.get("access_token").asString()));
	}

}
