package dev.wxauth.server.oauth2;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;

/**
 * What a feature adds to the authorization server's endpoints (a grant, a check, the contents of tokens); the
 * security configuration applies every such bean to the protocol endpoints' filter chain.
 * <p>
 * Not a {@code Customizer<OAuth2AuthorizationServerConfigurer>} bean: Spring Security applies those to every filter
 * chain it builds, which would put the protocol endpoints into all of them.
 */
@FunctionalInterface
public interface AuthorizationServerContribution {

	void contribute(OAuth2AuthorizationServerConfigurer authorizationServer);

}
