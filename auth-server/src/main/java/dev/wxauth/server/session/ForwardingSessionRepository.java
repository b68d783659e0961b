package dev.wxauth.server.session;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.util.Assert;

/** A session repository that hands every call to another; decorators override the calls they change. */
abstract class ForwardingSessionRepository<S extends Session> implements FindByIndexNameSessionRepository<S> {

	protected final FindByIndexNameSessionRepository<S> delegate;

	ForwardingSessionRepository(FindByIndexNameSessionRepository<S> delegate) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
	}

	@Override
	public S createSession() {
		return this.delegate.createSession();
	}

	@Override
	public void save(S session) {
		this.delegate.save(session);
	}

	@Override
	public @Nullable S findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public void deleteById(String id) {
		this.delegate.deleteById(id);
	}

	@Override
	public Map<String, S> findByIndexNameAndIndexValue(String indexName, String indexValue) {
		return this.delegate.findByIndexNameAndIndexValue(indexName, indexValue);
	}

}
