package dev.wxauth.emulator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * How many calls each WeChat path has received, faulted ones included, so tests can assert retries and caching.
 */
@Component
final class CallCounter implements Resettable {

	private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	void record(String path) {
		this.counts.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
	}

	int calls(String path) {
		AtomicInteger count = this.counts.get(path);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public void reset() {
		this.counts.clear();
	}

}
