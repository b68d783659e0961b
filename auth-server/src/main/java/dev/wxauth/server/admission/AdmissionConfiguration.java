package dev.wxauth.server.admission;

import java.io.IOException;

import dev.wxauth.server.properties.WxauthProperties;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Admission at the token endpoint: the endpoint that signs (most of its cost) and that machines call in bursts. The
 * turn covers the whole request, client authentication included, from before Spring Security's filters.
 */
@Configuration(proxyBeanMethods = false)
class AdmissionConfiguration {

	@Bean
	Admission tokenEndpointAdmission(WxauthProperties properties) {
		return new Admission(properties.tokenEndpoint().concurrency(Runtime.getRuntime().availableProcessors()));
	}

	@Bean
	FilterRegistrationBean<Filter> tokenEndpointAdmissionFilter(Admission admission,
			AuthorizationServerSettings settings) {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new AdmittingFilter(admission));
		registration.addUrlPatterns(settings.getTokenEndpoint());
		// right after logging.CorrelationIds (a waiting request's log lines and answer carry its id), before the rest
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	private record AdmittingFilter(Admission admission) implements Filter {

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			try (Admission.Turn turn = this.admission.enter()) {
				chain.doFilter(request, response);
			}
		}

	}

}
