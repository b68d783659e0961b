package dev.wxauth.server.wechat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What wxauth counts about WeChat, tagged by our app's name and WeChat's API path, never by a person: each call's
 * latency and outcome, WeChat's errcodes (those of our table by number, any other as {@code other}, so that a new
 * errcode cannot grow the series without bound), busy replies retried, timeouts, app access tokens fetched, and
 * phone-number verifications, which WeChat bills.
 */
public final class WeChatMetrics {

	/** Buckets of the latency histogram: from a nearby emulator to WeChat's worst answers within our timeout. */
	private static final Duration[] LATENCY_BUCKETS = { Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private final MeterRegistry registry;

	public WeChatMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		this.registry = registry;
	}

	/**
	 * One HTTP exchange with WeChat (a retry is another).
	 * @param failure what went wrong, {@code null} when WeChat answered as asked
	 */
	void answered(String path, WeChatApp app, long nanos, @Nullable WeChatException failure) {
		String api = api(path);
		Timer.builder("wxauth.wechat.calls")
			.tag("api", api)
			.tag("app", app.name())
			.tag("outcome", outcome(failure))
			.serviceLevelObjectives(LATENCY_BUCKETS)
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
		if (failure == null) {
			return;
		}
		if (failure.errcode() != 0) {
			Counter.builder("wxauth.wechat.errcodes")
				.tag("api", api)
				.tag("app", app.name())
				.tag("errcode", WeChatErrorCodes.isKnown(failure.errcode()) ? Integer.toString(failure.errcode()) : "other")
				.register(this.registry)
				.increment();
		}
		if (failure.isTimeout()) {
			Counter.builder("wxauth.wechat.timeouts").tag("api", api).tag("app", app.name()).register(this.registry)
				.increment();
		}
	}

	void retried(String path, WeChatApp app) {
		Counter.builder("wxauth.wechat.retries").tag("api", api(path)).tag("app", app.name()).register(this.registry)
			.increment();
	}

	/** @param forced whether the token WeChat had was rejected, rather than merely old */
	void appTokenFetched(WeChatApp app, boolean forced) {
		Counter.builder("wxauth.wechat.app.token.fetches")
			.tag("app", app.name())
			.tag("reason", forced ? "rejected" : "expiring")
			.register(this.registry)
			.increment();
	}

	/**
	 * A phone number asked of WeChat (a call WeChat bills when it answers a number), or refused before asking.
	 * @param outcome {@code ok}, {@code quota-refused}, or the failure's as {@link #outcome(WeChatException)}
	 */
	public void phoneNumberVerification(WeChatApp app, String outcome) {
		Counter.builder("wxauth.wechat.phone.number.calls")
			.tag("app", app.name())
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	/** {@code ok}, {@code timeout}, {@code unavailable} (no usable answer) or {@code errcode} (WeChat said no). */
	static String outcome(@Nullable WeChatException failure) {
		if (failure == null) {
			return "ok";
		}
		if (failure.isTimeout()) {
			return "timeout";
		}
		return (failure.errcode() != 0) ? "errcode" : "unavailable";
	}

	/** {@code sns/jscode2session}: the path as WeChat's documentation names the API. */
	private static String api(String path) {
		return path.startsWith("/") ? path.substring(1) : path;
	}

}
