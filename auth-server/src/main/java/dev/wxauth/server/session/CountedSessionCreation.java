package dev.wxauth.server.session;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * Counts the sessions the store creates ({@code wxauth_sessions_opened_total}): a browser gets one when it signs
 * in, so a rise without logins to match is worth a look.
 */
final class CountedSessionCreation<S extends Session> extends ForwardingSessionRepository<S> {

	private final Supplier<Counter> created;

	private CountedSessionCreation(FindByIndexNameSessionRepository<S> delegate, Supplier<Counter> created) {
		super(delegate);
		this.created = created;
	}

	/** @param registry looked up at the first session: the store is built before the metrics are */
	static <S extends Session> FindByIndexNameSessionRepository<S> repository(FindByIndexNameSessionRepository<S> delegate,
			Supplier<MeterRegistry> registry) {
		return new CountedSessionCreation<>(delegate,
				() -> Counter.builder("wxauth.sessions.opened").register(registry.get()));
	}

	@Override
	public S createSession() {
		S session = this.delegate.createSession();
		this.created.get().increment();
		return session;
	}

}
