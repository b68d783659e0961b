package dev.wxauth.server.wechat;

import java.time.Instant;
import java.util.Map;

import dev.wxauth.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** What the health details say of each app's last WeChat call; always up, whatever WeChat answered. */
class WeChatCallOutcomesTests {

	final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T08:00:00Z"));

	final WeChatCallOutcomes outcomes = new WeChatCallOutcomes(this.clock);

	static WeChatApp app(String name) {
		return new WeChatApp(name, AppKind.MINI_PROGRAM, "wx" + name, "secret", null);
	}

	@Test
	void healthWhenCallsRecordedThenTheLastOfEachAppAndStillUp() {
		this.outcomes.record(app("shop"), null);
		this.outcomes.record(app("staff"), new WeChatException(WeChatException.Kind.MISCONFIGURED, 40125, "wrong"));
		this.outcomes.record(app("news"),
				new WeChatException(WeChatException.Kind.UNAVAILABLE, "unreachable", new java.io.IOException()));
		this.outcomes.record(app("slow"), new WeChatException(WeChatException.Kind.UNAVAILABLE, "timed out",
				new java.net.SocketTimeoutException()));

		Health health = this.outcomes.health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("shop",
				Map.of("last_outcome", "ok", "at", "2026-11-30T08:00:00Z"));
		assertThat(((Map<?, ?>) health.getDetails().get("staff")).get("last_outcome")).isEqualTo("errcode 40125");
		assertThat(((Map<?, ?>) health.getDetails().get("news")).get("last_outcome")).isEqualTo("unavailable");
		assertThat(((Map<?, ?>) health.getDetails().get("slow")).get("last_outcome")).isEqualTo("timeout");
	}

	@Test
	void healthWhenALaterCallSucceedsThenItReplacesTheFailure() {
		this.outcomes.record(app("shop"), new WeChatException(WeChatException.Kind.UNAVAILABLE, -1, "busy"));
		this.clock.advance(java.time.Duration.ofMinutes(1));
		this.outcomes.record(app("shop"), null);

		assertThat(this.outcomes.health().getDetails()).containsEntry("shop",
				Map.of("last_outcome", "ok", "at", "2026-11-30T08:01:00Z"));
	}

}
