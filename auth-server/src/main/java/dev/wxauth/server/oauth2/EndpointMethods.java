package dev.wxauth.server.oauth2;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request with a method its endpoint does not take {@code 405 Method Not Allowed}, with the
 * {@code Allow} header HTTP requires (RFC 9110 §15.5.6) and the error answer of the endpoint's kind, instead of
 * letting it fall through to another filter chain, where it met a login redirect or a {@code 401} that says nothing
 * about the method.
 * {@code HEAD} is taken wherever {@code GET} is, {@code OPTIONS} everywhere.
 */
public final class EndpointMethods extends OncePerRequestFilter {

	private final Map<String, Set<String>> methodsByPath;

	/** @param methodsByPath each endpoint's path and the methods it takes */
	public EndpointMethods(Map<String, Set<String>> methodsByPath) {
		this.methodsByPath = Map.copyOf(methodsByPath);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Set<String> allowed = this.methodsByPath.get(request.getRequestURI().substring(request.getContextPath().length()));
		if (allowed == null || allowed.contains(request.getMethod()) || "OPTIONS".equals(request.getMethod())
				|| ("HEAD".equals(request.getMethod()) && allowed.contains("GET"))) {
			chain.doFilter(request, response);
			return;
		}
		Set<String> allow = new LinkedHashSet<>(allowed);
		if (allow.contains("GET")) {
			allow.add("HEAD");
		}
		allow.add("OPTIONS");
		response.setHeader(HttpHeaders.ALLOW, String.join(", ", allow));
		// the error answer takes the endpoint's shape: OAuth error JSON for clients, our page for browsers
		response.sendError(HttpStatus.METHOD_NOT_ALLOWED.value(), "This endpoint takes " + String.join(", ", allowed));
	}

}
