package dev.wxauth.server.grant;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.util.Assert;

/**
 * A token request with one of our WeChat code grants, before it is authenticated: what both grants' requests hold.
 * Each grant has its own subclass, so that exactly one provider supports it. The code never appears in
 * {@link #toString()}.
 */
public abstract class WeChatCodeGrantAuthenticationToken extends OAuth2AuthorizationGrantAuthenticationToken {

	private final String code;

	private final Set<String> scopes;

	protected WeChatCodeGrantAuthenticationToken(AuthorizationGrantType grantType, Authentication clientPrincipal,
			String code, Set<String> scopes) {
		this(grantType, clientPrincipal, code, scopes, Map.of());
	}

	/** @param additionalParameters the request's DPoP proof, if any, as {@link DPoPProofs} reads it */
	protected WeChatCodeGrantAuthenticationToken(AuthorizationGrantType grantType, Authentication clientPrincipal,
			String code, Set<String> scopes, Map<String, Object> additionalParameters) {
		super(grantType, clientPrincipal, additionalParameters);
		Assert.hasText(code, "code cannot be empty");
		Assert.notNull(scopes, "scopes cannot be null");
		this.code = code;
		this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
	}

	public String getCode() {
		return this.code;
	}

	/** The scopes asked for, in the order asked; empty means the client's registered scopes. */
	public Set<String> getScopes() {
		return this.scopes;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[grantType=" + getGrantType().getValue() + ", scopes=" + this.scopes + "]";
	}

}
