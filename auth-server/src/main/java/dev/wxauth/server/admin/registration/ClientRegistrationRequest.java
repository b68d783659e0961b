package dev.wxauth.server.admin.registration;

import java.io.Serial;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request at the registration endpoint, as read and before its token is checked: a registration (RFC 7591 §3.1)
 * with an initial access token, or a client's request about its own registration (RFC 7592 §2) with its registration
 * access token.
 */
final class ClientRegistrationRequest extends AbstractAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	/** What the request asks. */
	enum Operation {

		/** Register a client (RFC 7591 §3.1, {@code POST}). */
		REGISTER,

		/** Read the client's registration (RFC 7592 §2.1, {@code GET}). */
		READ,

		/** Replace it (RFC 7592 §2.2, {@code PUT}). */
		REPLACE,

		/** Delete the client (RFC 7592 §2.3, {@code DELETE}). */
		DELETE

	}

	private final Operation operation;

	private final @Nullable String token;

	private final @Nullable String clientId;

	private final byte @Nullable [] body;

	private final @Nullable String contentType;

	/**
	 * @param token the bearer token, {@code null} when the request has none
	 * @param clientId the registration asked about; {@code null} for a registration
	 * @param body the JSON of a registration or replacement
	 */
	ClientRegistrationRequest(Operation operation, @Nullable String token, @Nullable String clientId,
			byte @Nullable [] body, @Nullable String contentType) {
		super(List.of());
		this.operation = operation;
		this.token = token;
		this.clientId = clientId;
		this.body = body;
		this.contentType = contentType;
	}

	Operation operation() {
		return this.operation;
	}

	@Nullable String token() {
		return this.token;
	}

	@Nullable String clientId() {
		return this.clientId;
	}

	byte @Nullable [] body() {
		return this.body;
	}

	@Nullable String contentType() {
		return this.contentType;
	}

	@Override
	public @Nullable Object getCredentials() {
		return this.token;
	}

	@Override
	public Object getPrincipal() {
		return (this.clientId != null) ? this.clientId : "registration";
	}

}
