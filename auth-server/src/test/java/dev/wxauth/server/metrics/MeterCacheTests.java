package dev.wxauth.server.metrics;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeterCacheTests {

	@Test
	void getWhenTheSameTagValuesThenTheMeterBuiltOnceAndOtherValuesAnother() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		AtomicInteger builds = new AtomicInteger();
		MeterCache<Counter> cache = new MeterCache<>((tags) -> {
			builds.incrementAndGet();
			return Counter.builder("wxauth.test").tag("a", tags.get(0)).tag("b", tags.get(1)).register(registry);
		});

		cache.get("x", "y").increment();
		cache.get("x", "y").increment();
		cache.get("x", "z").increment();

		assertThat(builds).hasValue(2);
		assertThat(registry.get("wxauth.test").tags("a", "x", "b", "y").counter().count()).isEqualTo(2);
		assertThat(registry.get("wxauth.test").tags("a", "x", "b", "z").counter().count()).isEqualTo(1);
	}

}
