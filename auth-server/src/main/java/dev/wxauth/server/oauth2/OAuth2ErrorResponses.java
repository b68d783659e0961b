package dev.wxauth.server.oauth2;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.util.Assert;

/**
 * The one table from an OAuth error code to the HTTP status our JSON endpoints (token, phone number) answer it with:
 * RFC 6749 §5.2 (400, and 401 for {@code invalid_client}), RFC 6750 §3.1 ({@code invalid_token} 401,
 * {@code insufficient_scope} 403), and honest statuses when the upstream is the problem (503
 * {@code temporarily_unavailable} with {@code Retry-After}, 500 {@code server_error}), and 429 with
 * {@code Retry-After} when a rate limit refuses ({@link TooManyRequestsError}), so that apps and proxies can
 * tell "try again" from "your fault".
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.2">RFC 6749 §5.2</a>
 */
public final class OAuth2ErrorResponses {

	/** Seconds an app should wait before retrying a {@code temporarily_unavailable}. */
	static final String RETRY_AFTER_SECONDS = "5";

	private static final HttpMessageConverter<OAuth2Error> errors = new OAuth2ErrorHttpMessageConverter();

	private OAuth2ErrorResponses() {
	}

	public static HttpStatus status(OAuth2Error error) {
		Assert.notNull(error, "error cannot be null");
		if (error instanceof TooManyRequestsError) {
			return HttpStatus.TOO_MANY_REQUESTS;
		}
		return switch (error.getErrorCode()) {
			case OAuth2ErrorCodes.INVALID_CLIENT, OAuth2ErrorCodes.INVALID_TOKEN -> HttpStatus.UNAUTHORIZED;
			case OAuth2ErrorCodes.INSUFFICIENT_SCOPE -> HttpStatus.FORBIDDEN;
			case OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
			case OAuth2ErrorCodes.SERVER_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
			default -> HttpStatus.BAD_REQUEST;
		};
	}

	/** Writes {@code error} as the JSON body, with its status and headers. */
	public static void write(OAuth2Error error, HttpServletResponse response) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(status(error));
		if (OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE.equals(error.getErrorCode())) {
			httpResponse.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter(error));
		}
		errors.write(error, null, httpResponse);
	}

	/**
	 * Writes {@code error} as a protected resource's refusal of a bearer token: the JSON body, and the reason in the
	 * {@code WWW-Authenticate} header too, where RFC 6750 §3 puts it for clients that read no body.
	 */
	public static void writeBearerRefusal(OAuth2Error error, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, bearerChallenge(error));
		write(error, response);
	}

	/**
	 * {@code error} as our own APIs answer it: RFC 9457 problem JSON with the same status and headers as
	 * {@link #write}, carrying the OAuth error code as {@code error} (and its description as
	 * {@code error_description}), the members apps already read at the token endpoint.
	 *
	 * @see <a href="https://www.rfc-editor.org/rfc/rfc9457#section-3.2">RFC 9457 §3.2, extension members</a>
	 */
	public static ResponseEntity<ProblemDetail> problem(OAuth2Error error) {
		Assert.notNull(error, "error cannot be null");
		ProblemDetail problem = ProblemDetail.forStatus(status(error));
		problem.setDetail(error.getDescription());
		problem.setProperty("error", error.getErrorCode());
		if (error.getDescription() != null) {
			problem.setProperty("error_description", error.getDescription());
		}
		if (error.getUri() != null) {
			problem.setProperty("error_uri", error.getUri());
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status(error))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE.equals(error.getErrorCode())) {
			response.header(HttpHeaders.RETRY_AFTER, retryAfter(error));
		}
		if (OAuth2ErrorCodes.INVALID_TOKEN.equals(error.getErrorCode())
				|| OAuth2ErrorCodes.INSUFFICIENT_SCOPE.equals(error.getErrorCode())) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, bearerChallenge(error));
		}
		return response.body(problem);
	}

	/**
	 * A problem (RFC 9457) written straight to the response, where no Spring MVC handler answers (a security filter
	 * chain's entry point or access-denied handler), shaped as Spring MVC writes a {@link ProblemDetail}: no null
	 * members, and with {@code error} and {@code error_description} when there is an OAuth error.
	 */
	public static void writeProblem(HttpServletResponse response, HttpStatus status, String detail,
			@Nullable OAuth2Error error, JsonMapper json) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		if (error != null) {
			problem.put("error", error.getErrorCode());
			problem.put("error_description", detail);
		}
		json.writeValue(response.getOutputStream(), problem);
	}

	private static String retryAfter(OAuth2Error error) {
		return (error instanceof TooManyRequestsError tooMany) ? Long.toString(tooMany.retryAfterSeconds())
				: RETRY_AFTER_SECONDS;
	}

	/** RFC 6750 §3's {@code WWW-Authenticate} value for {@code error}. */
	private static String bearerChallenge(OAuth2Error error) {
		StringBuilder challenge = new StringBuilder("Bearer error=\"").append(error.getErrorCode()).append('"');
		if (error.getDescription() != null) {
			challenge.append(", error_description=\"").append(error.getDescription().replace("\"", "'")).append('"');
		}
		if (error instanceof BearerTokenError bearer && bearer.getScope() != null) {
			challenge.append(", scope=\"").append(bearer.getScope()).append('"');
		}
		return challenge.toString();
	}

}
