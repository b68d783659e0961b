package dev.wxauth.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The faults waiting for the next calls to each path. Injections for one path queue up in order: BUSY ×2 then
 * RATE_LIMIT ×1 fails the next three calls in that order.
 */
@Component
final class Faults implements Resettable {

	private final Map<String, Deque<Pending>> pending = new HashMap<>();

	synchronized void inject(String path, Fault fault, int count) {
		Assert.isTrue(path != null && path.startsWith("/") && !path.contains("?"),
				"path must be a request path such as /sns/oauth2/access_token");
		Assert.notNull(fault, "fault cannot be null");
		Assert.isTrue(count > 0, "count must be positive");
		this.pending.computeIfAbsent(path, (key) -> new ArrayDeque<>()).addLast(new Pending(fault, count));
	}

	/** The fault the current call to {@code path} must suffer, counting it as spent. */
	synchronized Optional<Fault> take(String path) {
		Deque<Pending> queue = this.pending.get(path);
		if (queue == null) {
			return Optional.empty();
		}
		Pending head = queue.removeFirst();
		if (head.remaining() > 1) {
			queue.addFirst(new Pending(head.fault(), head.remaining() - 1));
		}
		else if (queue.isEmpty()) {
			this.pending.remove(path);
		}
		return Optional.of(head.fault());
	}

	synchronized void clear() {
		this.pending.clear();
	}

	@Override
	public void reset() {
		clear();
	}

	private record Pending(Fault fault, int remaining) {

	}

}
