package dev.wxauth.server.admin.registration;

import java.io.Serial;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A request at the registration endpoint done: the status and the registration to answer with. */
final class ClientRegistrationAnswer extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String clientId;

	private final HttpStatus status;

	private final transient @Nullable ObjectNode registration;

	/** @param registration {@code null} for an answer without a body (a deletion's 204) */
	ClientRegistrationAnswer(String clientId, HttpStatus status, @Nullable ObjectNode registration) {
		super(List.of());
		this.clientId = clientId;
		this.status = status;
		this.registration = registration;
		setAuthenticated(true);
	}

	HttpStatus status() {
		return this.status;
	}

	@Nullable ObjectNode registration() {
		return this.registration;
	}

	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return this.clientId;
	}

}
