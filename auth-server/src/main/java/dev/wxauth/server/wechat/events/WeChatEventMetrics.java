package dev.wxauth.server.wechat.events;

import dev.wxauth.server.metrics.MeterCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code wxauth_wechat_events_total}: every push WeChat (or anyone) sent us, by our app's name ({@code unknown} for a
 * path no app of ours answers to: the path is the sender's), the event ({@code other} for a message we take and leave,
 * {@code none} when it was refused before it was read, {@code url_verification} for WeChat's check of the URL) and
 * what came of it. Never the person.
 */
final class WeChatEventMetrics {

	static final String UNKNOWN_APP = "unknown";

	static final String NOT_READ = "none";

	static final String URL_VERIFICATION = "url_verification";

	private final MeterCache<Counter> events;

	WeChatEventMetrics(MeterRegistry registry) {
		this.events = new MeterCache<>((tags) -> Counter.builder("wxauth.wechat.events")
			.description("WeChat's pushes about people, by app, event and outcome")
			.tags("app", tags.get(0), "event", tags.get(1), "outcome", tags.get(2))
			.register(registry));
	}

	void count(String app, String event, String outcome) {
		this.events.get(app, event, outcome).increment();
	}

}
