package dev.wxauth.server.authorization;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.util.Assert;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Answers a repeated token lookup within one HTTP request from the first answer. The framework's code exchange looks
 * the authorization up by its code twice: once to check the PKCE verifier while it authenticates the client, once to
 * redeem the code; each time a query and the authorization's JSON parsed. The remembered answer
 * lives in the request's attributes, so it never outlives the request nor crosses to another one, and any save or
 * removal forgets it. Outside an HTTP request (scheduled jobs) every lookup goes to the delegate.
 */
public final class RequestScopedAuthorizationLookups implements OAuth2AuthorizationService {

	private static final String LAST_LOOKUP = RequestScopedAuthorizationLookups.class.getName() + ".LAST_LOOKUP";

	private final OAuth2AuthorizationService delegate;

	public RequestScopedAuthorizationLookups(OAuth2AuthorizationService delegate) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
	}

	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request == null) {
			return this.delegate.findByToken(token, tokenType);
		}
		if (request.getAttribute(LAST_LOOKUP, RequestAttributes.SCOPE_REQUEST) instanceof Lookup last
				&& last.isFor(token, tokenType)) {
			return last.authorization();
		}
		OAuth2Authorization authorization = this.delegate.findByToken(token, tokenType);
		request.setAttribute(LAST_LOOKUP, new Lookup(token, tokenType, authorization), RequestAttributes.SCOPE_REQUEST);
		return authorization;
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		forget();
		this.delegate.save(authorization);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		forget();
		this.delegate.remove(authorization);
	}

	private static void forget() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.removeAttribute(LAST_LOOKUP, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/** A lookup and its answer; a {@code null} token type means "any type", as in the framework. */
	private record Lookup(String token, @Nullable OAuth2TokenType tokenType,
			@Nullable OAuth2Authorization authorization) {

		boolean isFor(String token, @Nullable OAuth2TokenType tokenType) {
			return this.token.equals(token) && Objects.equals(this.tokenType, tokenType);
		}

	}

}
