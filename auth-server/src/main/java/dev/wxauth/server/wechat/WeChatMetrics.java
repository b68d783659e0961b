package dev.wxauth.server.wechat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.wxauth.server.metrics.MeterCache;
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

	private final MeterCache<Timer> calls;

	private final MeterCache<Counter> errcodes;

	private final MeterCache<Counter> timeouts;

	private final MeterCache<Counter> retries;

	private final MeterCache<Counter> appTokenFetches;

	private final MeterCache<Counter> phoneNumberCalls;

	public WeChatMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "registry cannot be null");
		this.calls = new MeterCache<>((tags) -> Timer.builder("wxauth.wechat.calls")
			.tag("api", tags.get(0))
			.tag("app", tags.get(1))
			.tag("outcome", tags.get(2))
			.serviceLevelObjectives(LATENCY_BUCKETS)
			.register(registry));
		this.errcodes = new MeterCache<>((tags) -> Counter.builder("wxauth.wechat.errcodes")
			.tag("api", tags.get(0))
			.tag("app", tags.get(1))
			.tag("errcode", tags.get(2))
			.register(registry));
		this.timeouts = new MeterCache<>((tags) -> Counter.builder("wxauth.wechat.timeouts")
			.tag("api", tags.get(0))
			.tag("app", tags.get(1))
			.register(registry));
		this.retries = new MeterCache<>((tags) -> Counter.builder("wxauth.wechat.retries")
			.tag("api", tags.get(0))
			.tag("app", tags.get(1))
			.register(registry));
		this.appTokenFetches = new MeterCache<>((tags) -> Counter.builder("wxauth.wechat.app.token.fetches")
			.tag("app", tags.get(0))
			.tag("reason", tags.get(1))
			.register(registry));
		this.phoneNumberCalls = new MeterCache<>((tags) -> Counter.builder("wxauth.wechat.phone.number.calls")
			.tag("app", tags.get(0))
			.tag("outcome", tags.get(1))
			.register(registry));
	}

	/**
	 * One HTTP exchange with WeChat (a retry is another).
	 * @param failure what went wrong, {@code null} when WeChat answered as asked
	 */
	void answered(String path, WeChatApp app, long nanos, @Nullable WeChatException failure) {
		String api = api(path);
		this.calls.get(api, app.name(), outcome(failure)).record(nanos, TimeUnit.NANOSECONDS);
		if (failure == null) {
			return;
		}
		if (failure.errcode() != 0) {
			String errcode = WeChatErrorCodes.isKnown(failure.errcode()) ? Integer.toString(failure.errcode()) : "other";
			this.errcodes.get(api, app.name(), errcode).increment();
		}
		if (failure.isTimeout()) {
			this.timeouts.get(api, app.name()).increment();
		}
	}

	void retried(String path, WeChatApp app) {
		this.retries.get(api(path), app.name()).increment();
	}

	/** @param forced whether the token WeChat had was rejected, rather than merely old */
	void appTokenFetched(WeChatApp app, boolean forced) {
		this.appTokenFetches.get(app.name(), forced ? "rejected" : "expiring").increment();
	}

	/**
	 * A phone number asked of WeChat (a call WeChat bills when it answers a number), or refused before asking.
	 * @param outcome {@code ok}, {@code quota-refused}, or the failure's login outcome ({@code invalid-code},
	 * {@code upstream-busy}, ...)
	 */
	public void phoneNumberVerification(WeChatApp app, String outcome) {
		this.phoneNumberCalls.get(app.name(), outcome).increment();
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
