package dev.wxauth.server.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * What an error answer looks like when the container dispatches it to {@code /error} (a status sent, an exception
 * no one handled), in place of Spring Boot's: OAuth error JSON (RFC 6749 §5.2) at the endpoints only clients call,
 * RFC 9457 problem JSON at our APIs ({@code /wechat/**}, {@code /account/v1/**}) whatever the request accepts, and elsewhere our readable page
 * for a browser and problem JSON for anything else. Nothing of the exception is shown. {@code /error} requested by
 * itself is not found: there is no error to show.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
final class ErrorResponseController implements ErrorController {

	/** Our APIs for apps: the person's account page is at {@code /account}, its API under {@code /account/v1/}. */
	private static final List<String> API_PATHS = List.of("/wechat/", "/account/v1/");

	private final Set<String> clientEndpoints;

	ErrorResponseController(AuthorizationServerSettings settings) {
		this.clientEndpoints = Set.of(settings.getTokenEndpoint(), settings.getTokenIntrospectionEndpoint(),
				settings.getTokenRevocationEndpoint(), settings.getOidcClientRegistrationEndpoint());
	}

	/** For a browser: our page, unless the error happened where only machines call. */
	@RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
	Object page(HttpServletRequest request) {
		String path = path(request);
		if (path != null && (this.clientEndpoints.contains(path) || API_PATHS.stream().anyMatch(path::startsWith))) {
			return body(request);
		}
		HttpStatusCode status = status(request);
		return new ModelAndView("error", Map.of("status", status.value()), status);
	}

	/** Content types are set, not negotiated: an error answer is never "not acceptable". */
	@RequestMapping
	ResponseEntity<?> body(HttpServletRequest request) {
		HttpStatusCode status = status(request);
		String path = path(request);
		if (path != null && this.clientEndpoints.contains(path)) {
			return ResponseEntity.status(status)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("error", oauth2ErrorCode(status)));
		}
		ProblemDetail problem = ProblemDetail.forStatus(status);
		if (path != null) {
			problem.setInstance(instance(path));
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static @Nullable String path(HttpServletRequest request) {
		return (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) ? uri : null;
	}

	/** Where the error happened, rather than {@code /error} (Spring's default). */
	private static @Nullable URI instance(String path) {
		try {
			return new URI(path);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static HttpStatusCode status(HttpServletRequest request) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		return (status instanceof Integer code) ? HttpStatusCode.valueOf(code) : HttpStatus.NOT_FOUND;
	}

	/** The reverse of {@code OAuth2ErrorResponses}' table, for a status that comes without an OAuth error. */
	private static String oauth2ErrorCode(HttpStatusCode status) {
		if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
			return OAuth2ErrorCodes.INVALID_CLIENT;
		}
		if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			return OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE;
		}
		return status.is5xxServerError() ? OAuth2ErrorCodes.SERVER_ERROR : OAuth2ErrorCodes.INVALID_REQUEST;
	}

}
