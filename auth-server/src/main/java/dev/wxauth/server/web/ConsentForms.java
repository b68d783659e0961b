package dev.wxauth.server.web;

import dev.wxauth.server.oauth2.ConsentAnswers;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * The consent page's answers, posted to the authorization endpoint, must carry the CSRF token of the session that
 * was shown the page. The framework exempts all its endpoints from CSRF protection, its consent answers too (clients,
 * not browsers, call the others), leaving only the consent's state to tell a forged answer from the person's: in the
 * protocol endpoints' filter chain the token is required of consent answers ({@link ConsentAnswers}), and of nothing
 * else.
 */
public final class ConsentForms {

	private final RequestMatcher answers;

	private final CsrfTokenRepository csrfTokens;

	/** @param csrfTokens where the pages' filter chain keeps the session's token */
	ConsentForms(AuthorizationServerSettings settings, CsrfTokenRepository csrfTokens) {
		Assert.notNull(csrfTokens, "csrfTokens cannot be null");
		this.answers = ConsentAnswers.matcher(settings);
		this.csrfTokens = csrfTokens;
	}

	/** Requires the CSRF token of consent answers in the protocol endpoints' filter chain {@code http}. */
	public void configure(HttpSecurity http) throws Exception {
		http.csrf((csrf) -> csrf.csrfTokenRepository(this.csrfTokens)
			.withObjectPostProcessor(new ObjectPostProcessor<CsrfFilter>() {
				@Override
				public <O extends CsrfFilter> O postProcess(O filter) {
					// in place of "nothing here", what the framework's exemption of its endpoints comes to
					filter.setRequireCsrfProtectionMatcher(ConsentForms.this.answers);
					return filter;
				}
			}));
	}

}
